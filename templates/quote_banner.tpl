{{%AUTOESCAPE context="HTML"}}
<a class="quote-banner" href="/quotes/{{QUOTE_ID}}">
  <span class="quote-banner-text"><strong>Your quote is ready to review.</strong> Approve or decline the work on your {{VEHICLE}}.</span>
  <span class="quote-banner-action">Review quote</span>
</a>
