// Placeholder until the inspector window lands.
