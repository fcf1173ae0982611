{{%AUTOESCAPE context="HTML"}}
{{#FIRST}}<p class="back"><a href="/">‹ Home</a></p>
<h1>Messages</h1>
<p class="subheading">Your conversations with the garage team</p>
<section class="card compose" aria-labelledby="compose-heading">
  <h2 id="compose-heading">Need help with your vehicle?</h2>
  <p class="hint">Send the team a message – a photo of a warning light helps too. We’ll answer here.</p>{{/FIRST}}
{{#NEW}}<p class="back"><a href="/messages">‹ Messages</a></p>
<h1>New message</h1>
<section class="card compose">{{/NEW}}
  <form class="message-form" method="post" action="/messages" enctype="multipart/form-data">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    {{#PROBLEM}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/PROBLEM}}
    <fieldset class="about">
      <legend>What is it about?</legend>
      {{#JOB}}<label class="choice"><input type="radio" name="about" value="{{REFERENCE}}" {{CHECKED}}> <span class="plate">{{REGISTRATION}}</span> {{VEHICLE}}</label>
      {{/JOB}}<label class="choice"><input type="radio" name="about" value="general" {{GENERAL_CHECKED}}> General enquiry</label>
    </fieldset>
    {{>FORM}}
  </form>
</section>
