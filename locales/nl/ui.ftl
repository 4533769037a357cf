# UI-teksten voor het standaardthema. Pagina-inhoud staat in content/, niet hier.

skip-to-content = Naar de hoofdinhoud
site-home = Startpagina van de help
language-name = Nederlands
language-switch-label = Deze pagina in een andere taal lezen
language-chooser-title = Kies uw taal
language-chooser-intro = Deze help is beschikbaar in deze talen:
on-this-page = Op deze pagina
all-pages = Alle helppagina's
page-updated = Bijgewerkt op { $date }
alert-note = Opmerking
alert-tip = Tip
alert-important = Belangrijk
alert-warning = Waarschuwing
alert-caution = Let op
selector-label = Kies uw platform
fallback-notice = Deze pagina is nog niet in het Nederlands vertaald. U leest de oorspronkelijke versie.
not-found-title = Pagina niet gevonden
not-found-text = De pagina die u zoekt, is er niet. Misschien is ze verplaatst of verwijderd.
not-found-home = Naar de startpagina van de help
redirect-text = Deze pagina is verplaatst. Gaat u niet vanzelf verder, volg dan deze link:
site-navigation = Helponderwerpen
breadcrumbs-label = U bent hier
prev-next-label = Vorig en volgend onderwerp
previous-page = Vorige
next-page = Volgende
