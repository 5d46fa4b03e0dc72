"""The taste panel: personas with planted tastes run through the real app, their recommendations scored
against what each persona should and should not get (`cinemai eval panel`)."""
