// The job card and the quote banner (see job_cards.h).
#include "job_cards.h"

#include "view.h"

namespace portal {

void add_job_card(ctemplate::TemplateDictionary& parent, const Job& job) {
    auto& card = *parent.AddIncludeDictionary("JOB_CARD");
    card.SetFilename("job_card.tpl");
    set(card, "REFERENCE", job.reference);
    set(card, "REGISTRATION", job.registration);
    set(card, "VEHICLE", job.vehicle());
    if (!job.colour.empty()) set(*card.AddSectionDictionary("COLOUR"), "NAME", job.colour);
    set(card, "STATUS", job.status);  // the badge's class: badge-in_progress
    card.SetValue("STATUS_LABEL", status_label(job.status));
    set(card, "STATUS_MESSAGE", job.status_message);
    set(card, "DESCRIPTION", job.description);
    set(card, "BOOKED", job.booked);
    if (!job.appointment.empty() && (job.status == "pending" || job.status == "scheduled"))
        set(*card.AddSectionDictionary("APPOINTMENT"), "WHEN", job.appointment);
    if (!job.estimated_ready.empty() && job.status != "ready" && job.status != "complete")
        set(*card.AddSectionDictionary("ESTIMATED_READY"), "WHEN", job.estimated_ready);
}

void add_quote_banner(ctemplate::TemplateDictionary& parent, const Job& job) {
    if (!job.quote_id) return;
    auto& banner = *parent.AddIncludeDictionary("QUOTE_BANNER");
    banner.SetFilename("quote_banner.tpl");
    set(banner, "QUOTE_ID", job.quote_id);
    set(banner, "VEHICLE", job.vehicle());
}

}  // namespace portal
