"""Reading articles: files and metadata, page cleaning, sentences, publication dates."""
