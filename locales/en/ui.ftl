# UI strings for the default theme. Page content lives in content/, not here.

skip-to-content = Skip to main content
site-home = Help home
language-name = English
language-switch-label = Read this page in another language
language-chooser-open = Open the help in English
on-this-page = On this page
all-pages = All help pages
page-updated = Updated { $date }
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution
selector-label = Choose your platform
selector-label-numbered = Choose your platform ({ $number } of { $count })
fallback-notice = This page has not been translated into English yet. You are reading the original version.
not-found-title = Page not found
not-found-text = The page you were looking for is not here. It may have moved or been removed.
not-found-home = Go to the help home page
redirect-text = This page has moved. If you are not taken there automatically, follow this link:
site-navigation = Help topics
nav-toggle = Contents
toc-unresolved = not available
other-pages = Other pages
breadcrumbs-label = You are here
prev-next-label = Previous and next topic
previous-page = Previous
next-page = Next
search-label = Search the help
search-placeholder = Search
search-button = Search
search-title = Search
search-hint = Type one or more words to search the help.
# $count picks the plural form; $shown is the count as the reader sees it.
search-count = { $count ->
    [one] { $shown } result
   *[other] { $shown } results
} for “{ $query }”
search-more = Show more results
search-no-results = No pages found for:
search-results-label = Search results
search-all-results = All results
search-unavailable = Search is not available: the search index could not be loaded.
search-needs-script = Search needs JavaScript. Use the list of all pages on the home page instead.
offline-ready = Available offline
offline-now = You are offline. The saved help still works.
save-offline-title = Use this help without a connection
save-offline = Save this help for offline use
save-offline-saving = Saving for offline use…
save-offline-done = Saved. This help now works without a connection.
save-offline-failed = Not everything could be saved. Try again when you are online.
embed-offline = This video needs an internet connection. Watch it online:
# An embedded guide, form or other page that is not a video.
embed-offline-other = This embedded content needs an internet connection. Open it online:
# DocFX's lightbox: a picture enlarged over the page.
lightbox-label = Enlarged image
lightbox-close = Close
lightbox-full = Open the image on its own
download-site = Download this help to use it without a connection (zip)

outdated-notice = This translation may be out of date.
outdated-notice-link = { $source ->
    [en] See the English version.
   *[other] See the original version.
}
outdated-notice-date = The original text changed on
# DocFX extensions
video-title = Video
# The button that loads a video from its site, and the note shown when the site's security settings refuse it.
video-load = Load video
video-blocked = This site does not let videos from other sites play on its pages. Open the video with the link.
pivot-label = Show the steps for
moniker-label = Version

# The home's sections and the "all pages" listing pages.
section-more = { $count ->
    [one] One more page
   *[other] { $count } more pages
}
all-pages-link = { $count ->
    [one] The help's one page
   *[other] All { $count } pages of the help, in the order of the contents
}
all-pages-part = Part { $number } of { $count }
all-pages-nav = Parts of the list of pages
all-pages-prev = Previous part
all-pages-next = Next part
all-pages-continued = continued

# After the title of a page listed in a locale it is not translated into: its language.
untranslated-mark = ({ $source ->
    [nl] Dutch
    [en] English
   *[other] { $source }
})
# After the title of a page that is not translated yet, for screen readers.
untranslated-label = ({ $source ->
    [nl] in Dutch
    [en] in English
   *[other] in another language
}, not translated yet)
# On the search page, when an app's link named a help ID this release does not have.
go-unknown-id = Help ID “{ $id }” is unknown; search results for “{ $query }”:

## The printable document of the whole help (print.html)
print-link = Print the whole help
print-title = The whole help
print-part = Part { $number } of { $count }
print-parts = Parts of the printable help
print-contents = Contents
print-hint = Print this page with your browser, or save it as a PDF there.
