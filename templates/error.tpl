{{%AUTOESCAPE context="HTML"}}
<section class="card message-card">
  <h1>{{HEADING}}</h1>
  <p class="message">{{MESSAGE}}</p>
  {{#HOME_LINK}}<p><a class="button" href="/">Back to the portal</a></p>{{/HOME_LINK}}
  <p class="reference">Reference: <code>{{REQUEST_ID}}</code></p>
</section>
