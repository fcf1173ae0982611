{{%AUTOESCAPE context="HTML"}}
<h1>Confirm your decisions</h1>
<p class="quote-meta">Quote for your {{VEHICLE}}, job {{REFERENCE}}</p>
<section class="card confirm-card">
  {{#APPROVED}}
  <h2>Go ahead with</h2>
  <ul class="confirm-list">
    {{#ITEM}}<li><span>{{TITLE}}</span> <span>{{AMOUNT}}</span></li>{{/ITEM}}
  </ul>
  {{/APPROVED}}
  {{#DECLINED}}
  <h2>Declined</h2>
  <ul class="confirm-list confirm-declined">
    {{#ITEM}}<li><span>{{TITLE}}</span> <span>{{AMOUNT}}</span></li>{{/ITEM}}
  </ul>
  {{/DECLINED}}
  <p class="confirm-total">Total to approve: <strong>{{TOTAL}}</strong> <span class="aside">including VAT</span></p>
  <form method="post" action="/quotes/{{QUOTE_ID}}/decide">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#CHOICE}}<input type="hidden" name="{{FIELD}}" value="{{VALUE}}">{{/CHOICE}}
    <button class="button" type="submit">Confirm and send</button>
  </form>
  <p><a href="{{BACK}}">Change my choices</a></p>
</section>
