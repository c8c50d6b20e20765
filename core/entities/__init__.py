"""Named entities: gazetteers, recognition of people, organisations, places and things; linking."""
