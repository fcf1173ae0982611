{{%AUTOESCAPE context="HTML"}}
<section class="card auth-card">
  <h1>Unsubscribe</h1>
  {{#ASK}}
  <p>Stop receiving {{NAME}} emails from {{GARAGE_NAME}}?</p>
  <form method="post" action="{{PATH}}">
    <button class="button" type="submit">Unsubscribe</button>
  </form>
  {{/ASK}}
  {{#DONE}}
  <p class="notice notice-success" role="status">You’re unsubscribed from {{NAME}}. You can switch them back on at any time in My Profile, under Manage communication preferences.</p>
  {{/DONE}}
  {{#USED}}<p class="notice notice-error" role="alert">This unsubscribe link has already been used or is too old. You can change what we send you in My Profile, under Manage communication preferences.</p>{{/USED}}
  {{#INVALID}}<p class="notice notice-error" role="alert">We couldn’t find that unsubscribe link. You can change what we send you in My Profile, under Manage communication preferences.</p>{{/INVALID}}
</section>
