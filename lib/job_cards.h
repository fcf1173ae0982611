// The job card and the quote banner that the home page and the job's status page both show
// (templates/job_card.tpl, quote_banner.tpl): the view of work_orders.h's Job.
#pragma once

#include <ctemplate/template.h>

#include "work_orders.h"

namespace portal {

// Adds templates/job_card.tpl as the include {{>JOB_CARD}} of `parent`: reference, vehicle,
// badge, message, description, dates and the View status link.
void add_job_card(ctemplate::TemplateDictionary& parent, const Job& job);
// Adds templates/quote_banner.tpl as {{>QUOTE_BANNER}} when the job has a quote awaiting the
// customer's decision.
void add_quote_banner(ctemplate::TemplateDictionary& parent, const Job& job);

}  // namespace portal
