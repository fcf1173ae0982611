{{%AUTOESCAPE context="HTML"}}
<section class="card auth-card">
  <h1>Sign in to your portal</h1>
  <p class="subheading">Enter your email to receive a sign-in link</p>
  {{#NOTICE}}<p class="notice notice-{{KIND}}" role="{{ROLE}}">{{TEXT}}</p>{{/NOTICE}}
  {{#SENT}}
  <div class="notice notice-success" role="status">
    <p><strong>Email sent.</strong> Check your inbox for a sign-in link from {{GARAGE_NAME}}. It expires in 15 minutes.</p>
    <p>Not there? Check your spam folder, and that you used the email address {{GARAGE_NAME}} has on file.</p>
  </div>
  <form class="stack code-form" method="post" action="/login/code">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="code">Reading the email on another device? Enter the 6-digit code from it here.</label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="7" pattern="[0-9 ]*" required>
    <button class="button" type="submit">Sign in with code</button>
  </form>
  {{/SENT}}
  <div class="tabs" role="tablist" aria-label="How to sign in">
    <a class="tab" role="tab" id="tab-link" href="/login?tab=link{{#NEXT}}&amp;next={{NEXT_PATH}}{{/NEXT}}" aria-controls="panel-link" aria-selected="{{LINK_SELECTED}}">Email link</a>
    <a class="tab" role="tab" id="tab-password" href="/login?tab=password{{#NEXT}}&amp;next={{NEXT_PATH}}{{/NEXT}}" aria-controls="panel-password" aria-selected="{{PASSWORD_SELECTED}}">Password</a>
  </div>
  <div class="tab-panel" role="tabpanel" id="panel-link" aria-labelledby="tab-link"{{#LINK_HIDDEN}} hidden{{/LINK_HIDDEN}}>
    <form class="stack" method="post" action="/login/link">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      {{#NEXT}}<input type="hidden" name="next" value="{{NEXT_PATH}}">{{/NEXT}}
      <label for="link-email">Email address</label>
      <input id="link-email" name="email" type="email" autocomplete="email" inputmode="email" autocapitalize="none" spellcheck="false" required maxlength="254" value="{{EMAIL}}">
      <button class="button" type="submit">Send sign-in link</button>
    </form>
  </div>
  <div class="tab-panel" role="tabpanel" id="panel-password" aria-labelledby="tab-password"{{#PASSWORD_HIDDEN}} hidden{{/PASSWORD_HIDDEN}}>
    <form class="stack" method="post" action="/login/password">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      {{#NEXT}}<input type="hidden" name="next" value="{{NEXT_PATH}}">{{/NEXT}}
      <label for="password-email">Email address</label>
      <input id="password-email" name="email" type="email" autocomplete="username" inputmode="email" autocapitalize="none" spellcheck="false" required maxlength="254" value="{{EMAIL}}">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128">
      <button class="button" type="submit">Sign in</button>
      <p class="aside"><a href="/login/forgot">Forgot your password?</a></p>
    </form>
  </div>
</section>
{{#HAS_PHONE}}<p class="help">Need help? Call <a href="tel:{{PHONE_DIAL}}">{{GARAGE_PHONE}}</a></p>{{/HAS_PHONE}}
