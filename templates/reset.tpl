{{%AUTOESCAPE context="HTML"}}
<section class="card auth-card">
  <h1>Choose a new password</h1>
  <p class="subheading">Passwords must be at least 8 characters.</p>
  {{#NOTICE}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/NOTICE}}
  <form class="stack" method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <label for="new-password">New password</label>
    <input id="new-password" name="new_password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required>
    <label for="confirm-password">Confirm password</label>
    <input id="confirm-password" name="confirm_password" type="password" autocomplete="new-password" minlength="8" maxlength="128" required>
    <button class="button" type="submit">Set password</button>
  </form>
</section>
