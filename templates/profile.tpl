{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/">‹ Home</a></p>
<h1>My Profile</h1>
<p class="subheading">How we greet you, and how we may contact you.</p>
{{#SAVED}}<p class="notice notice-success" role="status">Saved. This is how we’ll address you from now on.</p>{{/SAVED}}
{{#PROBLEM}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/PROBLEM}}
<form class="card stack profile-form" method="post" action="/profile">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <fieldset class="salutation-choices">
    <legend>How would you like us to address you?</legend>
    {{#CHOICE}}
    <label class="salutation-choice"><input type="radio" name="salutation" value="{{CODE}}" {{CHECKED}} required> <span><strong>{{EXAMPLE}}</strong> <span class="aside">{{LABEL}}</span></span></label>
    {{/CHOICE}}
  </fieldset>
  <label for="title">Title</label>
  <select id="title" name="title">
    {{#TITLE}}<option value="{{VALUE}}" {{SELECTED}}>{{LABEL}}</option>{{/TITLE}}
  </select>
  <p class="hint">We use this on your home page, in the menu and in our emails to you. Emails go to {{EMAIL}}.</p>
  <button class="button" type="submit">Save</button>
</form>
<p class="profile-links"><a href="/profile/preferences">Manage communication preferences</a></p>
