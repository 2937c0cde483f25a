"""The focal points' web forms: server-rendered pages that work without JavaScript."""
