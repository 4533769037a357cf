//! `ms.date` as readers of each locale write dates: "4 januari 2017",
//! "January 4, 2017". The names and word order come from CLDR through
//! ICU4X's compiled data, so a new locale needs no code here.

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::YMD;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_locale_core::Locale;

/// A calendar date, as DocFX wrote it in `ms.date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl DocDate {
    /// `2017-01-04`, for `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Reads DocFX's `MM/DD/YYYY` (also `M/D/YYYY`), or ISO `YYYY-MM-DD`.
/// The error says why, for the author.
pub fn parse(text: &str) -> Result<DocDate, String> {
    let t = text.trim();
    let (y, m, d) = if let Some((m, rest)) = t.split_once('/') {
        let (d, y) = rest
            .split_once('/')
            .ok_or_else(|| "expected MM/DD/YYYY".to_string())?;
        (y, m, d)
    } else {
        let mut parts = t.splitn(3, '-');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(y), Some(m), Some(d)) if y.len() == 4 => (y, m, d),
            _ => return Err("expected MM/DD/YYYY".to_string()),
        }
    };
    let num = |s: &str, what: &str| -> Result<u32, String> {
        let s = s.trim();
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{s}` is not a {what}"));
        }
        s.parse::<u32>().map_err(|e| e.to_string())
    };
    let (year, month, day) = (num(y, "year")?, num(m, "month")?, num(d, "day")?);
    if y.trim().len() != 4 {
        return Err(format!("`{}` is not a four-digit year", y.trim()));
    }
    if !(1..=12).contains(&month) {
        return Err(format!(
            "there is no month {month} (DocFX dates are MM/DD/YYYY)"
        ));
    }
    let date = DocDate {
        year: year as i32,
        month: month as u8,
        day: day as u8,
    };
    if day == 0 || day > 31 || Date::try_new_gregorian(date.year, date.month, date.day).is_err() {
        return Err(format!("{year}-{month:02} has no day {day}"));
    }
    Ok(date)
}

/// The date in `locale`'s long form, or `None` when ICU4X has no data for
/// the locale (then the template shows the date as written).
pub fn format_long(locale: &str, date: DocDate) -> Option<String> {
    let date = Date::try_new_gregorian(date.year, date.month, date.day).ok()?;
    // Loading a formatter's data costs more than formatting: each thread
    // keeps one per locale (or the fact that the locale has none).
    FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if !cache.contains_key(locale) {
            cache.insert(locale.to_string(), formatter(locale));
        }
        let formatter = cache.get(locale)?.as_ref()?;
        Some(formatter.format(&date).to_string())
    })
}

type LongFormatter = FixedCalendarDateTimeFormatter<Gregorian, YMD>;

thread_local! {
    static FORMATTERS: std::cell::RefCell<std::collections::HashMap<String, Option<LongFormatter>>> =
        std::cell::RefCell::default();
}

fn formatter(locale: &str) -> Option<LongFormatter> {
    let locale: Locale = locale.parse().ok()?;
    LongFormatter::try_new(locale.into(), YMD::long()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docfx_dates_read_month_first() {
        let d = parse("01/04/2017").unwrap();
        assert_eq!(d.iso(), "2017-01-04");
        assert_eq!(parse("1/4/2017").unwrap(), d);
        assert_eq!(parse("2017-01-04").unwrap(), d);
    }

    #[test]
    fn impossible_dates_say_why() {
        assert!(parse("25/10/2016").unwrap_err().contains("no month 25"));
        assert!(parse("02/30/2017").unwrap_err().contains("no day 30"));
        assert!(parse("soon").is_err());
        assert!(parse("1/2/17").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn each_locale_writes_its_own_way() {
        let d = parse("01/04/2017").unwrap();
        assert_eq!(format_long("nl", d).as_deref(), Some("4 januari 2017"));
        assert_eq!(format_long("en", d).as_deref(), Some("January 4, 2017"));
        // The second time comes from the thread's kept formatter.
        let later = parse("12/31/2016").unwrap();
        assert_eq!(
            format_long("nl", later).as_deref(),
            Some("31 december 2016")
        );
        assert_eq!(format_long("not a locale!", d), None);
        assert_eq!(format_long("not a locale!", d), None);
    }
}
