"""The merged timeline: event mentions, merging across articles, browsing, display and exports."""
