{{%AUTOESCAPE context="HTML"}}
{{#NOTICE}}<p class="notice notice-success" role="status">{{TEXT}}</p>{{/NOTICE}}
<section class="welcome">
  <h1>Welcome, {{NAME}}</h1>
  <p class="lead">Track your vehicle’s progress at {{GARAGE_NAME}}</p>
</section>
{{#HERO}}
<a class="hero" href="/jobs/{{REFERENCE}}">
  <span class="hero-text">Your {{VEHICLE}} - {{STATUS_LABEL}}. {{READY}}</span>
  <span class="hero-more">View status <span aria-hidden="true">›</span></span>
</a>
{{/HERO}}
{{>QUOTE_BANNER}}
{{#EMPTY}}
<section class="empty-state">
  <h2>Your garage is ready when you are</h2>
  {{#CALL}}<a class="button call-button" href="tel:{{DIAL}}">Call {{GARAGE_NAME}}</a>{{/CALL}}
</section>
{{/EMPTY}}
{{#TILES}}
<nav class="tiles" aria-label="Your portal">
  {{#JOB_TILE}}
  <a class="tile job-tile" href="/jobs/{{REFERENCE}}">
    <span class="tile-title">{{VEHICLE}}</span>
    <span class="plate">{{REGISTRATION}}</span>
    <span class="badge badge-{{STATUS}}">{{STATUS_LABEL}}</span>
    <span class="tile-detail">{{READY}}</span>
  </a>
  {{/JOB_TILE}}
  <a class="tile" href="/messages"><span class="tile-title">Messages</span><span class="tile-detail">{{UNREAD}}</span></a>
  <a class="tile" href="/invoices"><span class="tile-title">Invoices</span><span class="tile-detail">{{UNPAID}}</span></a>
</nav>
{{/TILES}}
<p class="view-messages"><a href="/messages">View Messages</a> · <a href="/invoices">View Invoices</a></p>
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
<details class="your-jobs" open>
  <summary><h2>Your Jobs</h2></summary>
  {{#NO_JOBS}}
  <div class="card no-jobs">
    <h3>No active jobs</h3>
    <p>When you book with us, you’ll see your car’s status here.</p>
  </div>
  {{/NO_JOBS}}
  {{#JOB}}{{>JOB_CARD}}{{/JOB}}
  {{#MORE_JOBS}}<p class="more-jobs"><a class="button button-secondary" href="/?jobs=all">Show all {{COUNT}} jobs</a></p>{{/MORE_JOBS}}
</details>
