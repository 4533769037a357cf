//! Published pictures: sized from their headers, lazy after the first, a
//! smaller WebP in a `<picture>` (encoded once per content, reused by the
//! next build), and headers that lie, break off or are no file at all.

use super::*;

use std::os::unix::fs::symlink;
use std::process::Command;

use super::source_writes::run_bounded;
use helpsite::images::{self, size::HEAD_FIRST, webp::Cache, Source};

/// A flat screenshot-like PNG of `width`×`height`, different per `seed`.
fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let band = ((x / 8 + y / 8) % 3) as u8;
        image::Rgb([seed, band * 60, 200 - band * 40])
    });
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    bytes
}

fn pictures_site() -> tempfile::TempDir {
    let site = minimal_site();
    let root = site.path();
    write(root, "content/en/media/a.png", png(64, 48, 1));
    write(root, "content/en/media/same-as-a.png", png(64, 48, 1));
    write(
        root,
        "content/en/media/icon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 16\"></svg>",
    );
    let page = [
        "# Pictures",
        "![First](media/a.png)",
        "[![Copy](media/same-as-a.png)](media/a.png#lightbox)",
        ":::image type=\"icon\" source=\"media/icon.svg\":::",
        "<img src=\"media/a.png\" width=\"10\" alt=\"Author's size\">",
    ];
    write(root, "content/en/p.md", page.join("\n\n") + "\n");
    site
}

fn imgs(html: &str) -> Vec<std::collections::HashMap<String, String>> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main img").unwrap();
    doc.select(&sel)
        .map(|e| {
            e.value()
                .attrs()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn pictures_are_sized_lazy_and_light_and_a_rebuild_encodes_nothing_again() {
    let site = pictures_site();
    let root = site.path();
    let o = run(&["build"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("pictures: 1 WebP encoded, 0 taken"),
        "two files of one content, one encode: {}",
        stderr(&o)
    );
    let html = std::fs::read_to_string(root.join("public/en/p.html")).unwrap();
    let found = imgs(&html);
    let get = |i: usize, k: &str| found[i].get(k).map(String::as_str);
    assert_eq!(found.len(), 4, "{html}");
    assert_eq!(
        (get(0, "width"), get(0, "height")),
        (Some("64"), Some("48"))
    );
    assert_eq!(get(0, "loading"), None, "the first picture loads at once");
    assert_eq!(
        (get(2, "width"), get(2, "height")),
        (Some("24"), Some("16"))
    );
    assert_eq!((get(3, "width"), get(3, "height")), (Some("10"), None));
    for i in 1..4 {
        assert_eq!(get(i, "loading"), Some("lazy"), "{html}");
        assert_eq!(get(i, "decoding"), Some("async"), "{html}");
    }
    assert!(html.contains(
        "<a href=\"media/a.png#lightbox\"><picture><source type=\"image/webp\" srcset=\"media/same-as-a.png.webp\"><img src=\"media/same-as-a.png\""
    ), "{html}");
    let webp = std::fs::read(root.join("public/en/media/a.png.webp")).unwrap();
    let original = std::fs::read(root.join("public/en/media/a.png")).unwrap();
    assert!(webp.starts_with(b"RIFF") && webp.len() < original.len());
    assert!(!root.join("public/en/media/icon.svg.webp").exists());
    let list = std::fs::read_to_string(root.join("public/en/offline-files.json")).unwrap();
    assert!(list.contains("en/media/a.png.webp"), "{list}");
    assert!(
        !list.contains("en/media/a.png\""),
        "the WebP, not both: {list}"
    );

    let again = run(&["build"], root);
    assert!(
        stderr(&again).contains("pictures: 0 WebP encoded, 2 taken from the previous output"),
        "{}",
        stderr(&again)
    );
    let rebuilt = std::fs::read(root.join("public/en/media/a.png.webp")).unwrap();
    assert_eq!(rebuilt, webp);
    write(root, "content/en/media/a.png", png(64, 48, 9));
    let changed = run(&["build"], root);
    assert!(
        stderr(&changed).contains("pictures: 1 WebP encoded, 1 taken"),
        "only the changed picture: {}",
        stderr(&changed)
    );
    let index = std::fs::read_to_string(root.join(".public.helpsite-images")).unwrap();
    assert_eq!(index.lines().count(), 3, "{index}");
}

#[test]
fn lying_broken_and_special_pictures_give_no_size_and_never_wait() {
    let site = minimal_site();
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "real.png", png(8, 8, 3));
    let full = png(32, 32, 2);
    write(root, "content/en/media/truncated.png", &full[..20]);
    let mut huge = full.clone();
    huge[16..24].copy_from_slice(&[0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0]);
    write(root, "content/en/media/huge.png", &huge);
    write(
        root,
        "content/en/media/corrupt.jpg",
        b"\xff\xd8\xff\xe0garbage",
    );
    write(root, "content/en/media/text.png", "not a picture at all");
    let pipe = root.join("content/en/media/pipe.png");
    assert!(Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    symlink(
        outside.path().join("real.png"),
        root.join("content/en/media/out.png"),
    )
    .unwrap();
    let names = [
        "truncated.png",
        "huge.png",
        "corrupt.jpg",
        "text.png",
        "pipe.png",
        "out.png",
    ];
    let page: Vec<String> = names.iter().map(|n| format!("![{n}](media/{n})")).collect();
    write(
        root,
        "content/en/p.md",
        format!("# Bad\n\n{}\n", page.join("\n\n")),
    );
    let o = run_bounded(&["build", "--keep-going"], root);
    let err = stderr(&o);
    assert!(
        err.contains("out.png") && err.contains("outside the site"),
        "{err}"
    );
    // Refused as any link out of the site is; the rest is built without it.
    std::fs::remove_file(root.join("content/en/media/out.png")).unwrap();
    let o = run_bounded(&["build", "--keep-going"], root);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let html = std::fs::read_to_string(root.join("public/en/p.html")).unwrap();
    let found = imgs(&html);
    assert_eq!(found.len(), names.len(), "{html}");
    for img in &found {
        assert!(
            !img.contains_key("width") && !img.contains_key("height"),
            "{img:?}"
        );
    }
    assert!(!html.contains("<picture>"), "{html}");
    let published: Vec<_> = std::fs::read_dir(root.join("public/en/media"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        !published
            .iter()
            .any(|n| n.to_string_lossy().ends_with(".webp")),
        "{published:?}"
    );
    let outside_files: Vec<_> = std::fs::read_dir(outside.path()).unwrap().collect();
    assert_eq!(
        outside_files.len(),
        1,
        "nothing written beside the link's target"
    );
}

#[test]
fn picture_work_is_bounded_per_file_and_each_content_is_encoded_once() {
    let dir = tempfile::tempdir().unwrap();
    // A picture whose file is far larger than its header.
    let big = png(1500, 1500, 7);
    assert!(big.len() as u64 > 4 * HEAD_FIRST);
    let sources = |n: usize| -> Vec<Source> {
        (0..n)
            .map(|i| {
                let path = dir.path().join(format!("{n}-{i}.png"));
                // Each content twice: pictures shared between pages or locales.
                let bytes = if i == 0 {
                    big.clone()
                } else {
                    png(16, 16, (i / 2) as u8)
                };
                std::fs::write(&path, bytes).unwrap();
                Source {
                    output_path: format!("en/media/{n}-{i}.png"),
                    file: path,
                }
            })
            .collect()
    };
    let measure = |n: usize| {
        let sources = sources(n);
        let prepared = images::prepare(&sources, Some(&Cache::default()));
        let distinct = 1
            + (1..n)
                .map(|i| i / 2)
                .collect::<std::collections::HashSet<_>>()
                .len();
        assert_eq!(prepared.stats.encoded, distinct, "each content once at {n}");
        assert_eq!(prepared.images.len(), n);
        assert!(
            prepared.stats.header_bytes <= n as u64 * HEAD_FIRST,
            "only headers are read"
        );
        (prepared.stats.header_bytes, prepared.stats.encoded as u64)
    };
    let (bytes1, encodes1) = measure(40);
    let (bytes4, encodes4) = measure(160);
    eprintln!("pictures: header bytes {bytes1} → {bytes4}, encodes {encodes1} → {encodes4}");
    assert!(bytes4 <= bytes1 * 5 && encodes4 <= encodes1 * 5);
    let without_cache = images::prepare(&sources(8), None);
    assert_eq!(
        without_cache.stats.encoded, 0,
        "check and serve never encode"
    );
    assert_eq!(without_cache.images.len(), 8);
}
