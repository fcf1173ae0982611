// One file a customer sent (a form's file part) or the garage handed portalctl: a base type, so
// the domain (attachments.h) and portalctl use it without the gate that receives forms.
#pragma once

#include <cstddef>
#include <string>

namespace portal {

struct Upload {
    std::string field;          // the form's name for the file input ("photo")
    std::string filename;       // the name on the customer's device: no path, no controls
    std::string declared_type;  // the part's Content-Type: a claim (files.h detects the truth)
    std::string path;           // the temporary file (0600), removed when the request ends
    size_t bytes = 0;
};

}  // namespace portal
