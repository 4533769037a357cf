# UI strings for the default theme. Page content lives in content/, not here.

skip-to-content = Skip to main content
site-home = Help home
language-name = English
language-switch-label = Read this page in another language
language-chooser-title = Choose your language
language-chooser-intro = This help is available in these languages:
on-this-page = On this page
all-pages = All help pages
page-updated = Updated { $date }
alert-note = Note
alert-tip = Tip
alert-important = Important
alert-warning = Warning
alert-caution = Caution
selector-label = Choose your platform
fallback-notice = This page has not been translated into English yet. You are reading the original version.
not-found-title = Page not found
not-found-text = The page you were looking for is not here. It may have moved or been removed.
not-found-home = Go to the help home page
redirect-text = This page has moved. If you are not taken there automatically, follow this link:
site-navigation = Help topics
breadcrumbs-label = You are here
prev-next-label = Previous and next topic
previous-page = Previous
next-page = Next
