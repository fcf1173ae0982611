{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/invoices">‹ Invoices</a></p>
<h1>Invoice {{NUMBER}}</h1>
<p class="invoice-badges"><span class="badge badge-{{STATE}}">{{STATE_LABEL}}</span>{{#OVERDUE}} <span class="badge badge-overdue">Overdue</span>{{/OVERDUE}}</p>
<section class="card invoice-head" aria-labelledby="invoice-details-heading">
  <h2 id="invoice-details-heading" class="visually-hidden">Details</h2>
  <dl class="invoice-facts">
    <div><dt>Issued</dt><dd>{{ISSUED}}</dd></div>
    <div><dt>Due</dt><dd>{{DUE}}</dd></div>
    {{#VEHICLE}}<div><dt>Vehicle</dt><dd>{{NAME}} <span class="plate">{{REGISTRATION}}</span></dd></div>{{/VEHICLE}}
    {{#JOB}}<div><dt>Job</dt><dd><a href="/jobs/{{REFERENCE}}">{{REFERENCE}}</a></dd></div>{{/JOB}}
  </dl>
  <div class="invoice-from">
    <p><strong>{{FROM}}</strong></p>
    {{#ADDRESS}}<p>{{TEXT}}</p>{{/ADDRESS}}
    {{#VAT_NUMBER}}<p>VAT number {{TEXT}}</p>{{/VAT_NUMBER}}
  </div>
</section>
<section class="card" aria-labelledby="invoice-lines-heading">
  <h2 id="invoice-lines-heading">What you’re paying for</h2>
  <ol class="invoice-lines">
    {{#LINE}}
    <li class="invoice-line">
      <p class="invoice-line-description">{{DESCRIPTION}}</p>
      <dl class="invoice-line-figures">
        <div><dt>Quantity</dt><dd>{{QUANTITY}}</dd></div>
        <div><dt>Unit price</dt><dd>{{UNIT_PRICE}}</dd></div>
        <div><dt>VAT rate</dt><dd>{{VAT_RATE}}%</dd></div>
        <div><dt>Net</dt><dd>{{NET}}</dd></div>
      </dl>
    </li>
    {{/LINE}}
  </ol>
  <dl class="invoice-totals">
    <div><dt>Net</dt><dd>{{NET}}</dd></div>
    <div><dt>VAT</dt><dd>{{VAT}}</dd></div>
    <div class="invoice-gross"><dt>Total</dt><dd>{{GROSS}}</dd></div>
  </dl>
</section>
<section class="card" aria-labelledby="invoice-payments-heading">
  <h2 id="invoice-payments-heading">Payments</h2>
  {{#NO_PAYMENTS}}<p>No payments received yet.</p>{{/NO_PAYMENTS}}
  <ul class="invoice-payments">
    {{#PAYMENT}}<li><span>{{DATE}}{{#METHOD}} <span class="aside">({{TEXT}})</span>{{/METHOD}}</span> <span>{{AMOUNT}}</span></li>{{/PAYMENT}}
  </ul>
  {{#DUE_NOW}}<p class="invoice-balance">Balance due: <strong>{{BALANCE}}</strong>{{#OVERDUE}} <span class="badge badge-overdue">Overdue</span>{{/OVERDUE}}</p>{{/DUE_NOW}}
</section>
<p class="actions invoice-actions">
  {{#PAY}}<a class="button" href="{{URL}}" rel="noopener noreferrer">Pay now</a>{{/PAY}}
  <a class="button button-secondary" href="/invoices/{{NUMBER}}.pdf" download>Download PDF</a>
</p>
