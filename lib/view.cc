// The view layer: ctemplate with HTML auto-escaping, one layout carrying the garage's branding.
#include "view.h"

#include <dirent.h>
#include <sys/stat.h>

#include <stdexcept>

#include "garage.h"

namespace portal {

namespace {
std::string g_asset_version = "0";

// The newest modification time among static assets, so their URLs change when they do.
std::string asset_version(const std::string& share_dir) {
    long newest = 0;
    for (const char* f : {"/static/portal.css", "/static/portal.js"}) {
        struct stat st;
        if (::stat((share_dir + f).c_str(), &st) == 0 && st.st_mtime > newest) newest = st.st_mtime;
    }
    return std::to_string(newest);
}
}  // namespace

void load_templates(const std::string& share_dir) {
    std::string dir = share_dir + "/templates/";
    ctemplate::mutable_default_template_cache()->SetTemplateRootDirectory(dir);
    DIR* d = ::opendir(dir.c_str());
    if (!d) throw std::runtime_error("cannot open template directory " + dir);
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tpl") == 0 &&
            !ctemplate::LoadTemplate(name, ctemplate::STRIP_BLANK_LINES)) {
            ::closedir(d);
            throw std::runtime_error("template does not parse: " + dir + name);
        }
    }
    ::closedir(d);
    // Frozen: no file-system checks while serving, and every include resolves from memory.
    ctemplate::mutable_default_template_cache()->Freeze();
    g_asset_version = asset_version(share_dir);
}

Page::Page(const char* body_template, std::string_view title, const Garage* garage,
           std::string_view request_id)
    : layout_("layout") {
    set(layout_, "TITLE", title);
    set(layout_, "REQUEST_ID", request_id);
    layout_.SetValue("ASSET_VERSION", g_asset_version);
    if (garage) {
        // Template-global: partials included anywhere on the page can say the garage's name.
        layout_.SetTemplateGlobalValue("GARAGE_NAME", garage->name);
        layout_.SetTemplateGlobalValue("GARAGE_PHONE", garage->main_phone);
        auto* brand = layout_.AddSectionDictionary("BRANDED");
        brand->SetValue("SUBDOMAIN", garage->subdomain);
        set(*brand, "BRAND_VERSION", garage->brand_version);
        if (!garage->logo_path.empty())
            brand->AddSectionDictionary("LOGO")->SetValue("LOGO_PATH", garage->logo_path);
    } else {
        layout_.SetTemplateGlobalValue("GARAGE_NAME", "Customer portal");
        layout_.ShowSection("UNBRANDED");
    }
    body_ = layout_.AddIncludeDictionary("BODY");
    body_->SetFilename(body_template);
}

std::string Page::expand() const {
    std::string out;
    out.reserve(8192);
    if (!ctemplate::ExpandTemplate("layout.tpl", ctemplate::STRIP_BLANK_LINES, &layout_, &out))
        throw std::runtime_error("template expansion failed");
    return out;
}

void set(ctemplate::TemplateDictionary& d, const char* name, std::string_view value) {
    d.SetValue(name, ctemplate::TemplateString(value.data(), value.size()));
}

void set(ctemplate::TemplateDictionary& d, const char* name, long value) {
    d.SetIntValue(name, value);
}

}  // namespace portal
