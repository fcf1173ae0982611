{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/">‹ Home</a></p>
<h1>Your {{VEHICLE}}</h1>
{{>QUOTE_BANNER}}
<section class="card tracker-card" aria-labelledby="progress-heading">
  <h2 id="progress-heading">Progress</h2>
  <ol class="tracker">
    {{#STAGE}}
    <li class="stage stage-{{STATE}}"{{#CURRENT}} aria-current="step"{{/CURRENT}}>
      <span class="stage-dot" aria-hidden="true"></span>
      <span class="stage-label">{{LABEL}}</span>
      {{#WHEN}}<span class="stage-when">{{TEXT}}</span>{{/WHEN}}
      {{#PAUSED}}<span class="stage-pause stage-pause-waiting">Paused: awaiting parts since {{WHEN}}</span>{{/PAUSED}}
      {{#WAITED}}<span class="stage-pause stage-pause-was">Waited for parts from {{WHEN}}</span>{{/WAITED}}
    </li>
    {{/STAGE}}
  </ol>
  {{#ESTIMATE}}<p class="estimate">Estimated ready: <strong>{{WHEN}}</strong></p>{{/ESTIMATE}}
  <details class="expand history">
    <summary>Every update</summary>
    <ol class="history-list">
      {{#HISTORY}}
      <li><span class="history-when">{{WHEN}}</span> <span class="badge badge-{{STATUS}}">{{STATUS_LABEL}}</span> {{MESSAGE}}{{#NOTE}}<span class="history-note">{{TEXT}}</span>{{/NOTE}}</li>
      {{/HISTORY}}
    </ol>
  </details>
</section>
{{>JOB_CARD}}
{{#INVOICE}}
<section class="card" aria-labelledby="invoice-heading">
  <h2 id="invoice-heading">Invoice</h2>
  <p><a href="/invoices/{{NUMBER}}">Invoice {{NUMBER}}</a> <span class="badge badge-{{STATUS}}">{{STATUS_LABEL}}</span></p>
</section>
{{/INVOICE}}
<section class="card contact-card" aria-labelledby="contact-heading">
  <h2 id="contact-heading">Questions about this job?</h2>
  <p>Quote <strong>{{REFERENCE}}</strong> when you get in touch.</p>
  <p class="actions">
    <a class="button" href="{{MESSAGE_LINK}}">Message the garage</a>
    {{#CALL}}<a class="button button-secondary" href="tel:{{DIAL}}">Call {{PHONE}}</a>{{/CALL}}
  </p>
</section>
