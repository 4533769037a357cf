# UI-teksten voor het standaardthema. Pagina-inhoud staat in content/, niet hier.

skip-to-content = Naar de hoofdinhoud
site-home = Startpagina van de help
language-name = Nederlands
language-switch-label = Deze pagina in een andere taal lezen
language-chooser-open = Open de help in het Nederlands
on-this-page = Op deze pagina
all-pages = Alle helppagina's
page-updated = Bijgewerkt op { $date }
alert-note = Opmerking
alert-tip = Tip
alert-important = Belangrijk
alert-warning = Waarschuwing
alert-caution = Let op
selector-label = Kies uw platform
selector-label-numbered = Kies uw platform ({ $number } van { $count })
fallback-notice = Deze pagina is nog niet in het Nederlands vertaald. U leest de oorspronkelijke versie.
not-found-title = Pagina niet gevonden
not-found-text = De pagina die u zoekt, is er niet. Misschien is ze verplaatst of verwijderd.
not-found-home = Naar de startpagina van de help
redirect-text = Deze pagina is verplaatst. Gaat u niet vanzelf verder, volg dan deze link:
site-navigation = Helponderwerpen
nav-toggle = Inhoud
toc-unresolved = niet beschikbaar
other-pages = Overige pagina's
breadcrumbs-label = U bent hier
prev-next-label = Vorig en volgend onderwerp
previous-page = Vorige
next-page = Volgende
search-label = Zoeken in de help
search-placeholder = Zoeken
search-button = Zoeken
search-title = Zoeken
search-hint = Typ een of meer woorden om in de help te zoeken.
# $count kiest de meervoudsvorm; $shown is het aantal zoals de lezer het ziet.
search-count = { $count ->
    [one] { $shown } resultaat
   *[other] { $shown } resultaten
} voor “{ $query }”
search-more = Meer resultaten tonen
search-no-results = Geen pagina's gevonden voor:
search-results-label = Zoekresultaten
search-all-results = Alle resultaten
search-unavailable = Zoeken werkt niet: de zoekindex kon niet worden geladen.
search-needs-script = Zoeken heeft JavaScript nodig. Gebruik in plaats daarvan de lijst met alle pagina's op de startpagina.
offline-ready = Offline beschikbaar
offline-now = U bent offline. De opgeslagen help werkt nog.
save-offline-title = Deze help gebruiken zonder verbinding
save-offline = Deze help offline opslaan
save-offline-saving = Bezig met offline opslaan…
save-offline-done = Opgeslagen. Deze help werkt nu ook zonder verbinding.
save-offline-failed = Niet alles kon worden opgeslagen. Probeer het opnieuw als u online bent.
embed-offline = Voor deze video is een internetverbinding nodig. Bekijk de video online:
# Een ingesloten handleiding, formulier of andere pagina die geen video is.
embed-offline-other = Voor deze ingesloten inhoud is een internetverbinding nodig. Open de inhoud online:
# De lightbox van DocFX: een afbeelding vergroot boven de pagina.
lightbox-label = Vergrote afbeelding
lightbox-close = Sluiten
lightbox-full = De afbeelding apart openen
download-site = Download deze help om hem zonder verbinding te gebruiken (zip)

outdated-notice = Deze vertaling is mogelijk niet actueel.
outdated-notice-link = { $source ->
    [en] Bekijk de Engelse versie.
   *[other] Bekijk de oorspronkelijke versie.
}
outdated-notice-date = De oorspronkelijke tekst is gewijzigd op
# DocFX extensions
video-title = Video
# The button that loads a video from its site, and the note shown when the site's security settings refuse it.
video-load = Video laden
video-blocked = Deze site laat geen video's van andere sites afspelen op haar pagina's. Open de video met de link.
pivot-label = Toon de stappen voor
moniker-label = Versie

# De secties op de startpagina en de lijst van alle pagina's, in delen.
section-more = { $count ->
    [one] Nog één pagina
   *[other] Nog { $count } pagina's
}
all-pages-link = { $count ->
    [one] De enige pagina van deze help
   *[other] Alle { $count } pagina's van deze help, in de volgorde van de inhoud
}
all-pages-part = Deel { $number } van { $count }
all-pages-nav = Delen van de lijst met pagina's
all-pages-prev = Vorig deel
all-pages-next = Volgend deel
all-pages-continued = vervolg

# Na de titel van een pagina die in deze taal nog niet is vertaald: de taal waarin ze staat.
untranslated-mark = ({ $source ->
    [en] Engels
    [nl] Nederlands
   *[other] { $source }
})
# Na de titel van een pagina die nog niet is vertaald, voor schermlezers.
untranslated-label = ({ $source ->
    [en] in het Engels
    [nl] in het Nederlands
   *[other] in een andere taal
}, nog niet vertaald)
# Op de zoekpagina, als een link uit een app een help-ID noemt dat deze versie niet kent.
go-unknown-id = Help-ID “{ $id }” is onbekend; zoekresultaten voor “{ $query }”:

## Het afdrukbare document van de hele help (print.html)
print-link = De hele help afdrukken
print-title = De hele help
print-part = Deel { $number } van { $count }
print-parts = Delen van de afdrukbare help
print-contents = Inhoud
print-hint = Druk deze pagina af met uw browser, of sla haar daar op als pdf.
