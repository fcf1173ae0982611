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
<header class="site-header">
  {{#BRANDED}}<a class="brand" href="/">{{#LOGO}}<img class="brand-logo" src="{{LOGO_PATH}}" alt="" height="40">{{/LOGO}}<span class="brand-name">{{GARAGE_NAME}}</span></a>{{/BRANDED}}
  {{#UNBRANDED}}<span class="brand"><span class="brand-name">{{GARAGE_NAME}}</span></span>{{/UNBRANDED}}
  {{#SIGNED_IN}}
  <div class="account">
    <span class="avatar" aria-hidden="true">{{CUSTOMER_INITIAL}}</span>
    <span class="account-name">{{CUSTOMER_NAME}}</span>
    <form method="post" action="/logout">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button class="link-button" type="submit">Sign out</button>
    </form>
  </div>
  {{/SIGNED_IN}}
</header>
<main id="main" class="page">
{{>BODY}}
</main>
</body>
</html>
