{{%AUTOESCAPE context="HTML"}}
<label for="message-body">Your message</label>
<textarea id="message-body" name="body" rows="4" maxlength="5000" required>{{DRAFT}}</textarea>
<div class="attach-chips" hidden>
  <p class="hint">Tap Send to attach these to your message</p>
  <ul aria-live="polite"></ul>
</div>
<div class="message-actions">
  <label class="button button-secondary attach-button"><span class="paperclip" aria-hidden="true"></span>Attach<input class="attach-input" type="file" name="attachment" multiple accept="image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif,application/pdf"></label>
  <button class="button send-button" type="submit">Send</button>
</div>
<p class="hint">Photos (JPEG, PNG, WebP or HEIC) and PDFs: up to 4 files, 10 MB each, 25 MB in all.</p>
