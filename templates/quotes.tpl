{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/jobs/{{REFERENCE}}">‹ Job {{REFERENCE}}</a></p>
<h1>Quote for your {{VEHICLE}}</h1>
<p class="quote-meta"><span class="plate">{{REGISTRATION}}</span> <span>Job {{REFERENCE}}</span></p>
{{#SENT_NOTICE}}<p class="notice notice-success" role="status">Thank you. We’ve sent your decisions to {{GARAGE_NAME}}.</p>{{/SENT_NOTICE}}
{{#PROBLEM}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/PROBLEM}}
{{#CLOSED}}<p class="notice quote-closed" role="status">{{REASON}}</p>{{/CLOSED}}
<p class="lead">{{TECHNICIAN}} has inspected your car and found a few things:</p>
{{#OPEN}}<form class="quote-form" method="get" action="/quotes/{{QUOTE_ID}}/confirm" data-quote="{{QUOTE_ID}}" data-currency="{{CURRENCY}}">{{/OPEN}}
<ol class="quote-items">
  {{#LINE}}
  <li class="card quote-item" id="item-{{POSITION}}" data-gross="{{GROSS_MINOR}}">
    <div class="quote-item-top">
      <span class="badge category-{{CATEGORY}}">{{CATEGORY_LABEL}}</span>
      <span class="quote-amount">{{AMOUNT}}</span>
    </div>
    <h2 class="quote-title">{{TITLE}}</h2>
    {{#DESCRIPTION}}<p>{{TEXT}}</p>{{/DESCRIPTION}}
    {{#APPROVAL}}<p class="approval">{{PERCENT}}% of our customers approve this fix</p>{{/APPROVAL}}
    {{#PHOTOS}}<ul class="photos" aria-label="Photos">
      {{#PHOTO}}<li><a class="photo-link" href="{{URL}}"><img src="{{URL}}" alt="{{CAPTION}}" loading="lazy" width="120" height="90"></a></li>{{/PHOTO}}
    </ul>{{/PHOTOS}}
    {{#NOTES}}<div class="found"><h3>What {{TECHNICIAN}} found:</h3><p>{{TEXT}}</p></div>{{/NOTES}}
    <details class="expand breakdown">
      <summary>Cost breakdown</summary>
      <table>
        <tbody>
          {{#LABOUR}}<tr><th scope="row">Labour: {{HOURS}} h × {{RATE}}</th><td>{{TOTAL}}</td></tr>{{/LABOUR}}
          {{#PART}}<tr><th scope="row">{{NAME}} × {{QUANTITY}} <span class="unit">({{UNIT}} each)</span></th><td>{{TOTAL}}</td></tr>{{/PART}}
          <tr><th scope="row">VAT at {{VAT_RATE}}%</th><td>{{VAT}}</td></tr>
        </tbody>
        <tfoot><tr><th scope="row">Estimated total</th><td>{{AMOUNT}}</td></tr></tfoot>
      </table>
    </details>
    {{#CHOOSE}}
    <fieldset class="choice">
      <legend class="visually-hidden">Your decision on {{TITLE}}</legend>
      <label class="choice-approve"><input type="radio" name="{{FIELD}}" value="approve" {{APPROVE_CHECKED}}> Go ahead with the fix</label>
      <label class="choice-decline"><input type="radio" name="{{FIELD}}" value="decline" {{DECLINE_CHECKED}}> Decline</label>
    </fieldset>
    {{/CHOOSE}}
    {{#DECIDED}}<p class="decided decided-{{DECISION}}"><span class="badge badge-{{DECISION}}">{{DECISION_LABEL}}</span></p>{{/DECIDED}}
  </li>
  {{/LINE}}
</ol>
{{#OPEN}}
  {{#EXPIRES}}<p class="aside quote-expires">This quote is valid until {{WHEN}}.</p>{{/EXPIRES}}
  <div class="quote-total">
    <p aria-live="polite">Approved so far: <strong class="running-total">{{APPROVED_TOTAL}}</strong> <span class="aside">including VAT</span></p>
    <button class="button" type="submit">Review and confirm</button>
  </div>
</form>
{{/OPEN}}
{{#CLOSED}}<p class="quote-total-final">Approved: <strong>{{APPROVED_TOTAL}}</strong> <span class="aside">including VAT</span></p>{{/CLOSED}}
