{{%AUTOESCAPE context="HTML"}}
<section class="card auth-card">
  <h1>Reset your password</h1>
  <p class="subheading">We'll email you a link to choose a new password.</p>
  {{#NOTICE}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/NOTICE}}
  {{#SENT}}
  <div class="notice notice-success" role="status">
    <p><strong>Email sent.</strong> If that address is the one {{GARAGE_NAME}} has on file, a link to reset your password is on its way. It expires in 60 minutes.</p>
  </div>
  {{/SENT}}
  <form class="stack" method="post" action="/login/forgot">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="forgot-email">Email address</label>
    <input id="forgot-email" name="email" type="email" autocomplete="email" inputmode="email" autocapitalize="none" spellcheck="false" required maxlength="254" value="{{EMAIL}}">
    <button class="button" type="submit">Send reset link</button>
  </form>
  <p class="aside"><a href="/login">Back to sign in</a></p>
</section>
