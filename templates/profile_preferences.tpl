{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/profile">‹ My Profile</a></p>
<h1>Communication preferences</h1>
<p class="lead">Choose how {{GARAGE_NAME}} may contact you.</p>
{{#SAVED}}<p class="notice notice-success" role="status">Your preferences are saved.</p>{{/SAVED}}
<form class="card stack preferences-form" method="post" action="/profile/preferences">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <ul class="consents">
    {{#CATEGORY}}
    <li class="consent" id="consent-{{CODE}}">
      <label class="toggle">
        <input type="checkbox" role="switch" name="{{CODE}}" value="on" {{CHECKED}}{{#LOCKED}} disabled aria-describedby="locked-{{CODE}}"{{/LOCKED}}>
        <span class="toggle-name">{{NAME}}</span>
      </label>
      <p class="hint">{{DESCRIPTION}}</p>
      {{#LOCKED}}<p class="hint consent-locked" id="locked-{{CODE}}">You have a job open with us, so these stay on until it’s complete.</p>{{/LOCKED}}
    </li>
    {{/CATEGORY}}
  </ul>
  <button class="button" type="submit">Save preferences</button>
</form>
{{#LAST_CHANGE}}<p class="aside last-change">Last change: {{NAME}} switched {{STATE}}, {{WHEN}}, {{BY}}.</p>{{/LAST_CHANGE}}
