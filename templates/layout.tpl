{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} – {{GARAGE_NAME}}</title>
<link rel="stylesheet" href="/static/portal.css?v={{ASSET_VERSION}}">
{{#BRANDED}}<link rel="stylesheet" href="/branding/{{SUBDOMAIN}}/theme.css?v={{BRAND_VERSION}}">{{/BRANDED}}
<script src="/static/portal.js?v={{ASSET_VERSION}}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
{{#WELCOME_STRIP}}
<aside class="welcome-strip" aria-label="Welcome">
  <p>Welcome to {{GARAGE_NAME}}. Your car’s status is at the top of this page, and you can message the team anytime via Messages.</p>
  <form method="post" action="/welcome/dismiss" data-dismiss=".welcome-strip">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button class="strip-close" type="submit" aria-label="Close the welcome message">×</button>
  </form>
</aside>
{{/WELCOME_STRIP}}
<header class="site-header">
  {{#BRANDED}}<a class="brand" href="/">{{#LOGO}}<img class="brand-logo" src="{{LOGO_PATH}}" alt="" height="40">{{/LOGO}}<span class="brand-name">{{GARAGE_NAME}}</span></a>{{/BRANDED}}
  {{#UNBRANDED}}<span class="brand"><span class="brand-name">{{GARAGE_NAME}}</span></span>{{/UNBRANDED}}
  {{#SIGNED_IN}}
  <details class="profile-menu">
    <summary><span class="avatar" aria-hidden="true">{{CUSTOMER_INITIAL}}</span><span class="account-name">{{CUSTOMER_NAME}}</span></summary>
    <nav class="menu" aria-label="Account">
      <ul>
        <li><a href="/messages">Messages</a></li>
        <li><a href="/invoices">Invoices</a></li>
        <li><a href="/profile">My Profile</a></li>
        <li><a href="/privacy">Privacy &amp; Security</a></li>
        <li><form method="post" action="/logout"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">Sign out</button></form></li>
      </ul>
    </nav>
  </details>
  {{/SIGNED_IN}}
</header>
<main id="main" class="page" tabindex="-1">
{{>BODY}}
</main>
</body>
</html>
