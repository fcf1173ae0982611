{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/messages">‹ Messages</a></p>
<h1>{{ABOUT}}</h1>
{{#JOB}}<p class="thread-meta"><a href="/jobs/{{REFERENCE}}">Job {{REFERENCE}}</a></p>{{/JOB}}
{{#GENERAL}}<p class="thread-meta"><span class="badge channel-badge channel-{{CHANNEL}}">{{CHANNEL_LABEL}}</span></p>{{/GENERAL}}
{{#EARLIER}}<p class="earlier"><a href="/messages/{{ID}}?before={{BEFORE}}">Show earlier messages</a></p>{{/EARLIER}}
<ol class="thread" id="thread"{{#LIVE}} data-poll="/messages/{{ID}}?after={{LAST}}"{{/LIVE}} aria-live="polite">
  {{#MESSAGE}}
  <li class="bubble bubble-{{SIDE}}" id="m{{ID}}">
    <p class="bubble-meta"><span class="bubble-author">{{AUTHOR}}</span> <span class="bubble-when">{{WHEN}}</span>{{#BY}} <span class="bubble-channel"><span class="channel-icon channel-{{CHANNEL}}" aria-hidden="true"></span> by {{CHANNEL_LABEL}}</span>{{/BY}}</p>
    <p class="bubble-body">{{BODY:pre_escape}}</p>
    {{#ATTACHMENT}}{{#PHOTO}}<a class="bubble-photo" href="{{URL}}"><img src="{{URL}}" alt="Photo: {{NAME}}" loading="lazy"></a>{{/PHOTO}}{{#PDF}}<a class="file-chip" href="{{URL}}"><span class="file-icon" aria-hidden="true">PDF</span> <span class="file-name">{{NAME}}</span> <span class="file-size">{{SIZE}}</span></a>{{/PDF}}
    {{/ATTACHMENT}}
  </li>
  {{/MESSAGE}}
</ol>
{{#NEWEST_LINK}}<p class="earlier"><a href="/messages/{{ID}}">Show the newest messages</a></p>{{/NEWEST_LINK}}
<form class="card message-form reply-form" id="latest" method="post" action="/messages/{{ID}}" enctype="multipart/form-data">
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{#PROBLEM}}<p class="notice notice-error" role="alert">{{TEXT}}</p>{{/PROBLEM}}
  {{>FORM}}
</form>
