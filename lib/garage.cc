// A garage's public origin (see garage.h).
#include "garage.h"

namespace portal {

std::string public_origin(const Config& config, const Garage& garage) {
    std::string host = garage.custom_domain.empty() ? garage.subdomain + "." + config.base_domain
                                                    : garage.custom_domain;
    std::string origin = config.public_scheme + "://" + host;
    if (!config.public_port.empty()) origin += ":" + config.public_port;
    return origin;
}

}  // namespace portal
