{{%AUTOESCAPE context="HTML"}}
<p class="back"><a href="/">‹ Home</a></p>
<div class="messages-head">
  <div>
    <h1>Messages</h1>
    <p class="subheading">Your conversations with the garage team</p>
  </div>
  <a class="button new-message" href="/messages/new">New message</a>
</div>
<ul class="conversations" id="conversations" data-poll="/messages?since={{VERSION}}">
  {{#CONVERSATION}}
  <li><a class="card conversation" href="{{URL}}">
    <span class="conversation-top">
      {{#JOB}}<span class="plate">{{REGISTRATION}}</span> <span class="conversation-title">{{VEHICLE}}</span>{{/JOB}}
      {{#GENERAL}}<span class="conversation-title">General enquiry</span> <span class="badge channel-badge channel-{{CHANNEL}}">{{CHANNEL_LABEL}}</span>{{/GENERAL}}
      <span class="conversation-ago">{{AGO}}</span>
    </span>
    <span class="conversation-preview"><span class="channel-icon channel-{{CHANNEL}}" role="img" aria-label="{{CHANNEL_LABEL}}" title="{{CHANNEL_LABEL}}"></span> <strong>{{WHO}}</strong> {{PREVIEW}}</span>
    {{#UNREAD}}<span class="unread-count">{{COUNT}} unread</span>{{/UNREAD}}
  </a></li>
  {{/CONVERSATION}}
</ul>
{{#MORE}}<p class="more"><a href="/messages?show={{SHOW}}">Show older conversations</a></p>{{/MORE}}
