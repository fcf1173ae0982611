// The view layer: ctemplate with HTML auto-escaping, one layout carrying the garage's branding.
#pragma once

#include <ctemplate/template.h>

#include <string>
#include <string_view>

namespace portal {

struct Garage;

// Points ctemplate at `share_dir`/templates and parses every template once, at start-up.
void load_templates(const std::string& share_dir);

// One page being built: the layout dictionary and the page's own body dictionary inside it.
class Page {
  public:
    // `body_template` is a file under templates/ ("login.tpl"); `title` the <title> text.
    Page(const char* body_template, std::string_view title, const Garage* garage,
         std::string_view request_id);
    // The page's own dictionary; everything set here is auto-escaped by its template.
    ctemplate::TemplateDictionary& dict() { return *body_; }
    // The layout's dictionary, for what the frame shows around every page (the header).
    ctemplate::TemplateDictionary& layout() { return layout_; }
    std::string expand() const;

  private:
    ctemplate::TemplateDictionary layout_;
    ctemplate::TemplateDictionary* body_;
};

// Sets a template value from text or a number (ctemplate has no string_view setter).
void set(ctemplate::TemplateDictionary& d, const char* name, std::string_view value);
void set(ctemplate::TemplateDictionary& d, const char* name, long value);

}  // namespace portal
