// `Day`, the calendar day every date of the model is, lives in its own domain-free target so
// that the REPL can read a date the way the model does without depending on the model;
// re-exported here so that the model's users see it where they always have.
@_exported import Days
