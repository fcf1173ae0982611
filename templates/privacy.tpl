{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/">‹ Home</a></p>
<h1>Privacy &amp; Security</h1>
<p class="subheading">Choose what our voice assistant may say about you, and keep your account safe.</p>
{{#NOTICE}}<p class="notice notice-success" role="status">{{TEXT}}</p>{{/NOTICE}}
{{#REAUTH_HINT}}<p class="notice notice-info">For your security, changing your privacy level, voice PIN or password asks you to sign in again first.</p>{{/REAUTH_HINT}}

<section class="card privacy-level" aria-labelledby="privacy-level-heading">
  <h2 id="privacy-level-heading">Privacy Level</h2>
  <p class="hint">What our AI voice assistant can share when someone calls about your account.</p>
  {{#TIER_ERROR}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/TIER_ERROR}}
  <form method="post" action="/privacy/tier">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <fieldset class="tiers">
      <legend class="visually-hidden">Privacy level</legend>
      {{#TIER}}
      <label class="tier" for="tier-{{CODE}}">
        <input type="radio" id="tier-{{CODE}}" name="tier" value="{{CODE}}" {{CHECKED}} {{DISABLED}}>
        <span class="tier-text">
          <span class="tier-name">{{NAME}}</span>
          <span class="tier-says">{{SAYS}}</span>
          {{#NEEDS_PIN}}<span class="tier-needs">Set a voice PIN below to choose PIN Required.</span>{{/NEEDS_PIN}}
        </span>
      </label>
      {{/TIER}}
    </fieldset>
    <button class="button" type="submit">Save privacy level</button>
  </form>
</section>

{{#ALERTS}}
<section class="card alert-preferences" aria-labelledby="alerts-heading">
  <h2 id="alerts-heading">Alert Preferences</h2>
  <p class="hint">Tell me when someone tries to reach my account through the voice assistant.</p>
  {{#ALERTS_ERROR}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/ALERTS_ERROR}}
  <form method="post" action="/privacy/alerts">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label class="check"><input type="checkbox" name="alert_email" value="on" {{EMAIL_CHECKED}}> Email me</label>
    <label class="check"><input type="checkbox" name="alert_sms" value="on" {{SMS_CHECKED}} {{SMS_DISABLED}}> Text me</label>
    {{#NO_PHONE}}<p class="hint">Text alerts need a phone number: ask us to add yours.</p>{{/NO_PHONE}}
    <p class="hint">At most one alert an hour on each, so nobody can flood your phone.</p>
    <button class="button" type="submit">Save alert preferences</button>
  </form>
</section>
{{/ALERTS}}

<section class="account-security" aria-labelledby="security-heading">
  <h2 id="security-heading">Account Security</h2>
  <div class="card voice-pin-card">
    <h3>Voice PIN</h3>
    {{#HAS_PIN}}<p>You have a voice PIN (set {{PIN_CHANGED}}). Callers must say it when your privacy level is PIN Required.</p>{{/HAS_PIN}}
    {{#NO_PIN}}<p>No voice PIN yet. With one, you can choose PIN Required: callers must say it before the assistant shares anything.</p>{{/NO_PIN}}
    {{#PIN_ERROR}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/PIN_ERROR}}
    <form class="stack" method="post" action="/privacy/pin">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <label for="pin">New PIN (4 to 8 digits)</label>
      <input id="pin" name="pin" type="password" inputmode="numeric" pattern="[0-9]{4,8}" minlength="4" maxlength="8" autocomplete="off" required>
      <label for="confirm-pin">Confirm PIN</label>
      <input id="confirm-pin" name="confirm_pin" type="password" inputmode="numeric" pattern="[0-9]{4,8}" minlength="4" maxlength="8" autocomplete="off" required>
      <p class="hint">Avoid 1234, repeated digits and the end of your phone number.</p>
      <button class="button" type="submit">{{PIN_ACTION}}</button>
    </form>
  </div>
  <div class="card password-card">
    <h3>Password</h3>
    {{#PASSWORD_ERROR}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/PASSWORD_ERROR}}
    <form class="stack" method="post" action="/privacy/password">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      {{#SET_PASSWORD}}<p>Set a password to sign in directly without waiting for an email link.</p>{{/SET_PASSWORD}}
      {{#CHANGE_PASSWORD}}
      <label for="current-password">Current password</label>
      <input id="current-password" name="current_password" type="password" autocomplete="current-password" required>
      {{/CHANGE_PASSWORD}}
      <label for="new-password">New password</label>
      <input id="new-password" name="new_password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required>
      <label for="confirm-password">Confirm password</label>
      <input id="confirm-password" name="confirm_password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required>
      {{#CHANGE_PASSWORD}}<p class="hint">Changing your password signs you out on every other device.</p>
      <button class="button" type="submit">Change password</button>{{/CHANGE_PASSWORD}}
      {{#SET_PASSWORD}}<button class="button" type="submit">Set password</button>{{/SET_PASSWORD}}
    </form>
  </div>
</section>

<section class="card devices" aria-labelledby="devices-heading">
  <h2 id="devices-heading">Signed-in devices</h2>
  <ul class="device-list">
    {{#DEVICE}}
    <li class="device">
      <div class="device-text">
        <span class="device-title"><span class="device-name">{{WORDS}}</span>{{#THIS_DEVICE}} <span class="badge badge-this">This device</span>{{/THIS_DEVICE}}</span>
        <span class="hint">Signed in {{SIGNED_IN}}{{#FROM}} from {{IP}}{{/FROM}}</span>
        <span class="hint">Last seen {{LAST_SEEN}}</span>
      </div>
      {{#OTHER_DEVICE}}
      <form method="post" action="/privacy/devices/{{ID}}/sign-out">
        <input type="hidden" name="csrf" value="{{CSRF}}">
        <button class="button button-secondary" type="submit" aria-label="Sign out {{WORDS}}, signed in {{SIGNED_IN}}">Sign out</button>
      </form>
      {{/OTHER_DEVICE}}
    </li>
    {{/DEVICE}}
  </ul>
  {{#MORE_DEVICES}}<p class="hint">These are your 20 most recent devices; signing out everywhere else signs out the rest too.</p>{{/MORE_DEVICES}}
  {{#SIGN_OUT_OTHERS}}
  <form method="post" action="/privacy/devices/sign-out-others">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button class="button button-secondary" type="submit">Sign out everywhere else</button>
  </form>
  {{/SIGN_OUT_OTHERS}}
</section>

{{#GET_IN_TOUCH}}
<section class="card get-in-touch" aria-labelledby="touch-heading">
  <h2 id="touch-heading">Get in Touch</h2>
  <ul class="contact-list">
    {{#VOICE}}<li><a class="button button-secondary" href="tel:{{DIAL}}"><span>Call our voice assistant</span> <span class="contact-number">{{PHONE}}</span></a></li>{{/VOICE}}
    {{#WHATSAPP}}<li><a class="button button-secondary" href="https://wa.me/{{WA_NUMBER}}"><span>Chat on WhatsApp</span> <span class="contact-number">{{PHONE}}</span></a></li>{{/WHATSAPP}}
    {{#MAIN_LINE}}<li><a class="button button-secondary" href="tel:{{DIAL}}"><span>Call the main line</span> <span class="contact-number">{{PHONE}}</span></a></li>{{/MAIN_LINE}}
  </ul>
</section>
{{/GET_IN_TOUCH}}
