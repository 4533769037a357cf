//! What a new page's front matter needs that nothing in the site can give:
//! today's date and a fresh `ms.assetid`.

use crate::l10n::dates::DocDate;

/// Today's date by the system clock, in UTC: a writer west of Greenwich
/// who starts a page in the evening gets tomorrow's date, which no reader
/// will notice and no build reports.
pub fn today() -> DocDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    crate::site::freshness::date_of(secs)
}

/// A date as DocFX writes `ms.date`: `MM/DD/YYYY`.
pub fn docfx_date(date: DocDate) -> String {
    format!("{:02}/{:02}/{:04}", date.month, date.day, date.year)
}

/// A random (version 4) GUID in the lowercase form DocFX sites use for
/// `ms.assetid`. Two pages must never share one: pairing and
/// `duplicate-assetid` rely on it, so the bytes come from the operating
/// system's generator, not from the clock.
pub fn new_guid() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random numbers for a GUID: {e}"))?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_version_4_and_differ() {
        let a = new_guid().unwrap();
        let b = new_guid().unwrap();
        assert_ne!(a, b);
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{a}");
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(&a[14..15], "4", "{a}");
        assert!("89ab".contains(&a[19..20]), "{a}");
    }

    #[test]
    fn the_date_is_written_as_docfx_writes_it_and_reads_back() {
        let written = docfx_date(today());
        assert_eq!(written.len(), 10, "{written}");
        assert_eq!(crate::l10n::dates::parse(&written).unwrap(), today());
        let d = DocDate {
            year: 2017,
            month: 1,
            day: 4,
        };
        assert_eq!(docfx_date(d), "01/04/2017");
    }
}
