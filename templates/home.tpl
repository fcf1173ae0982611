{{%AUTOESCAPE context="HTML"}}
<section class="welcome">
  <h1>Welcome, {{NAME}}</h1>
  <p class="lead">Track your vehicle's progress at {{GARAGE_NAME}}</p>
</section>
{{#NOTICE}}<p class="notice notice-success" role="status">{{TEXT}}</p>{{/NOTICE}}
{{#PASSWORD_CARD}}
<section class="card password-card" aria-labelledby="password-card-heading">
  <h2 id="password-card-heading">Want to sign in faster?</h2>
  <p>Set a password to sign in directly without waiting for an email link.</p>
  <details class="expand" {{OPEN}}>
    <summary>Set a password</summary>
    {{#NOTICE}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/NOTICE}}
    <form class="stack" method="post" action="/password">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <label for="new-password">New password</label>
      <input id="new-password" name="new_password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required>
      <label for="confirm-password">Confirm password</label>
      <input id="confirm-password" name="confirm_password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required>
      <button class="button" type="submit">Set password</button>
    </form>
  </details>
</section>
{{/PASSWORD_CARD}}
