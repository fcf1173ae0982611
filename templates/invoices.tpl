{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/">‹ Home</a></p>
<h1>Invoices</h1>
{{#NONE}}
<section class="empty-state">
  <h2>No invoices yet</h2>
  <p>When the garage invoices you for work on your car, the invoice appears here, with its payment status and a PDF to download.</p>
</section>
{{/NONE}}
{{#NO_OLDER}}<p class="notice" role="status">There are no older invoices. <a href="/invoices">Back to your newest invoices</a></p>{{/NO_OLDER}}
<ul class="invoice-list">
  {{#CARD}}
  <li>
    <a class="card invoice-card" href="/invoices/{{NUMBER}}">
      <span class="invoice-card-top">
        <span class="invoice-number">Invoice {{NUMBER}}</span>
        <span class="invoice-amount">{{GROSS}}</span>
      </span>
      <span class="invoice-badges"><span class="badge badge-{{STATE}}">{{STATE_LABEL}}</span>{{#OVERDUE}} <span class="badge badge-overdue">Overdue</span>{{/OVERDUE}}</span>
      <span class="invoice-meta"><span class="invoice-date">{{ISSUED}}</span>{{#VEHICLE}} <span class="plate">{{REGISTRATION}}</span>{{/VEHICLE}}</span>
    </a>
  </li>
  {{/CARD}}
</ul>
{{#OLDER}}<p class="invoice-more"><a class="button button-secondary" href="/invoices?after={{AFTER}}">Show older invoices</a></p>{{/OLDER}}
