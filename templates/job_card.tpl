{{%AUTOESCAPE context="HTML"}}
<article class="card job-card" aria-labelledby="job-{{REFERENCE}}">
  <div class="job-card-top">
    <div>
      <h3 class="job-reference" id="job-{{REFERENCE}}">{{REFERENCE}}</h3>
      <p class="hint">Quote this reference when calling</p>
    </div>
    <span class="badge badge-{{STATUS}}">{{STATUS_LABEL}}</span>
  </div>
  <p class="vehicle"><span class="plate">{{REGISTRATION}}</span> <span>{{VEHICLE}}</span>{{#COLOUR}} <span class="colour">· {{NAME}}</span>{{/COLOUR}}</p>
  <p class="status-message">{{STATUS_MESSAGE}}</p>
  <p class="description">{{DESCRIPTION}}</p>
  <dl class="facts">
    {{#APPOINTMENT}}<div><dt>Appointment</dt><dd>{{WHEN}}</dd></div>{{/APPOINTMENT}}
    {{#ESTIMATED_READY}}<div><dt>Estimated ready</dt><dd>{{WHEN}}</dd></div>{{/ESTIMATED_READY}}
  </dl>
  <div class="job-card-bottom">
    <p class="booked">Booked {{BOOKED}}</p>
    <a class="view-status" href="/jobs/{{REFERENCE}}">View status<span class="visually-hidden"> of {{REFERENCE}}</span></a>
  </div>
</article>
