"""Planning speech: what is said for a document, as data the session plays."""
