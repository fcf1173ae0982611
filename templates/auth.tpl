{{%AUTOESCAPE context="HTML"}}
<section class="card auth-card">
  <h1>Sign in to your portal</h1>
  <p class="subheading">You're one tap away from your {{GARAGE_NAME}} portal.</p>
  <form class="stack" method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <button class="button" type="submit">Sign in</button>
  </form>
</section>
