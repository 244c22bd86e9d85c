//! Synthetic metrics for load tests and benchmarks: a project folder (config, wording,
//! metrics, empty archive) with N invented county-level regions, each with five years
//! of annual figures and the four quarters of the last year, every file marked
//! `data_status: illustrative`.
//!
//! The figures are internally consistent (passes ≤ registrants, channels add up to the
//! total, built ≤ total), so every file passes `sw-briefing check`, and every briefing
//! has the full set of sentences, tables and charts: about four pages with three
//! charts, the load a ministry running every county would put on the program.
//! Output is deterministic: the same N gives the same files byte for byte.
//!
//! Not used by the program itself; `examples/gen_metrics.rs`, the scale benchmark
//! (`benches/run-scale.sh`), the stage benchmarks and the scale test call it.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Years of annual history per region; the last one is what `--now` reports on.
pub const FIRST_YEAR: i32 = 2019;
pub const LAST_YEAR: i32 = 2023;

/// Invented provinces (codes 900000–990000, which GB/T 2260 does not use), so that
/// regions have peers to be ranked among.
const PROVINCES: usize = 10;
const PROVINCE_NUMERALS: [&str; PROVINCES] =
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
/// Counties per invented city; cities per province grow with N (at most 99).
const COUNTIES_PER_CITY: usize = 10;
/// The largest N the code scheme has room for.
pub const MAX_REGIONS: usize = PROVINCES * 99 * COUNTIES_PER_CITY;

/// Common characters of place names, all in GB 2312 level 1 and so in the bundled fonts.
const NAME_FIRST: [char; 60] = [
    '安', '宝', '昌', '长', '城', '大', '德', '东', '丰', '福', '阜', '高', '广', '贵', '海', '和',
    '河', '红', '华', '怀', '黄', '吉', '嘉', '建', '江', '金', '靖', '静', '康', '乐', '临', '龙',
    '隆', '南', '宁', '平', '庆', '清', '仁', '瑞', '山', '上', '石', '寿', '顺', '泰', '天', '通',
    '万', '文', '西', '祥', '新', '兴', '阳', '永', '玉', '元', '云', '正',
];
const NAME_SECOND: [char; 60] = [
    '安', '坝', '北', '滨', '昌', '川', '德', '定', '丰', '峰', '阜', '谷', '关', '海', '和', '河',
    '湖', '化', '江', '集', '康', '口', '乐', '林', '陵', '龙', '门', '明', '南', '宁', '平', '坪',
    '浦', '桥', '泉', '山', '善', '水', '顺', '台', '泰', '潭', '塘', '田', '溪', '乡', '祥', '兴',
    '阳', '原', '源', '远', '岳', '云', '州', '庄', '中', '洲', '城', '坡',
];

/// One synthetic region: its code, name and the province it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticRegion {
    pub index: usize,
    pub code: String,
    pub name: String,
    pub province: String,
    pub province_code: String,
}

/// The `index`-th synthetic region (0-based); codes and names are unique for every
/// index below [`MAX_REGIONS`].
pub fn region(index: usize) -> SyntheticRegion {
    assert!(
        index < MAX_REGIONS,
        "at most {MAX_REGIONS} synthetic regions"
    );
    let province = index % PROVINCES;
    let within = index / PROVINCES;
    let city = within / COUNTIES_PER_CITY + 1;
    let county = within % COUNTIES_PER_CITY + 1;
    let code = format!("{}{city:02}{county:02}", 90 + province);
    // (a, b) ↦ (a, b + 7a mod 60) is a bijection, so names stay unique while
    // neighbouring regions do not all share their first character.
    let a = index % NAME_FIRST.len();
    let b = (index / NAME_FIRST.len() + 7 * a) % NAME_SECOND.len();
    let round = index / (NAME_FIRST.len() * NAME_SECOND.len());
    let suffix = if index % 3 == 0 { '区' } else { '县' };
    // Past 3,600 names a third character keeps them unique.
    let extra = if round == 0 {
        String::new()
    } else {
        NAME_SECOND[round % NAME_SECOND.len()].to_string()
    };
    let name = format!("{}{}{extra}{suffix}", NAME_FIRST[a], NAME_SECOND[b]);
    SyntheticRegion {
        index,
        code,
        name,
        province: format!("示例{}省", PROVINCE_NUMERALS[province]),
        province_code: format!("{}0000", 90 + province),
    }
}

/// A small deterministic generator (SplitMix64): no dependency, same numbers everywhere.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Random {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
    /// Uniform in `low..high`, as a fraction.
    fn fraction(&mut self, low: f64, high: f64) -> f64 {
        low + (self.next() >> 11) as f64 / (1u64 << 53) as f64 * (high - low)
    }
}

/// The figures of one region for one year.
#[derive(Debug, Clone)]
struct Year {
    posts: u64,
    new_posts: u64,
    workers: u64,
    funding_yuan: u64,
    registrants: u64,
    passes: u64,
    certified_share_tenths: u64,
    person_times: u64,
    township_built: u64,
    village_built: u64,
}

/// Everything about one region that does not change from year to year.
#[derive(Debug, Clone)]
struct Profile {
    population: u64,
    township_total: u64,
    village_total: u64,
    years: Vec<Year>,
}

fn profile(index: usize) -> Profile {
    let mut random = Random::new(index as u64);
    let population = random.between(150, 1200) * 1000;
    let township_total = random.between(8, 30);
    let village_total = township_total * random.between(8, 15);
    let mut posts = random.between(60, 400);
    let mut funding_wan = random.between(150, 900);
    let mut registrants = random.between(120, 700);
    let mut certified_tenths = random.between(250, 450);
    let mut person_times = random.between(400, 2500);
    let mut township_built = township_total * random.between(50, 80) / 100;
    let mut village_built = village_total * random.between(30, 60) / 100;
    let mut years = Vec::new();
    for _ in FIRST_YEAR..=LAST_YEAR {
        let new_posts = posts * random.between(4, 14) / 100 + 1;
        posts += new_posts;
        funding_wan = funding_wan * random.between(95, 120) / 100;
        registrants = registrants * random.between(92, 125) / 100;
        let passes = (registrants as f64 * random.fraction(0.16, 0.34)).round() as u64;
        certified_tenths = (certified_tenths + random.between(5, 40)).min(950);
        person_times = person_times * random.between(95, 115) / 100;
        township_built = (township_built + random.between(0, 3)).min(township_total);
        village_built =
            (village_built + village_total * random.between(3, 10) / 100).min(village_total);
        years.push(Year {
            posts,
            new_posts,
            workers: posts * random.between(120, 150) / 100,
            funding_yuan: funding_wan * 10_000,
            registrants,
            passes,
            certified_share_tenths: certified_tenths,
            person_times,
            township_built,
            village_built,
        });
    }
    Profile {
        population,
        township_total,
        village_total,
        years,
    }
}

const TOWNSHIP: &str = "乡镇（街道）社会工作站";
const VILLAGE: &str = "村（社区）社会工作室";
/// Funding channels and their shares in percent (the last one takes the remainder).
const CHANNELS: [(&str, u64); 3] = [
    ("困难群众救助补助资金按2%切块", 30),
    ("政府财政投入", 50),
    ("福彩公益金", 20),
];

fn header(out: &mut String, r: &SyntheticRegion, population: u64, period: &str) {
    let _ = writeln!(
        out,
        "# {}: a synthetic region for load tests. ALL FIGURES ARE ILLUSTRATIVE (示例数据).",
        r.name
    );
    let _ = writeln!(out, "data_status: illustrative");
    let _ = writeln!(out, "region:");
    let _ = writeln!(out, "  name: {}", r.name);
    let _ = writeln!(out, "  code: \"{}\"", r.code);
    let _ = writeln!(out, "  level: county");
    let _ = writeln!(out, "  parent: {}", r.province);
    let _ = writeln!(out, "  parent_code: \"{}\"", r.province_code);
    let _ = writeln!(out, "  population: {population}");
    let _ = writeln!(out, "period: \"{period}\"");
}

fn stations(out: &mut String, p: &Profile, y: &Year) {
    let _ = writeln!(out, "stations:");
    let _ = writeln!(out, "  levels:");
    let _ = writeln!(
        out,
        "    - {{level: {TOWNSHIP}, built: {}, total: {}}}",
        y.township_built, p.township_total
    );
    let _ = writeln!(
        out,
        "    - {{level: {VILLAGE}, built: {}, total: {}}}",
        y.village_built, p.village_total
    );
    let _ = writeln!(out, "  targets:");
    let _ = writeln!(out, "    - {{description: {TOWNSHIP}全覆盖, level: {TOWNSHIP}, goal: {}, set_on: 2021-01-01, deadline: 2024-12-31}}", p.township_total);
    let _ = writeln!(out, "    - {{description: {VILLAGE}全覆盖, level: {VILLAGE}, goal: {}, set_on: 2022-01-01, deadline: 2025-12-31}}", p.village_total);
}

fn year_file(r: &SyntheticRegion, p: &Profile, year: i32) -> String {
    let y = &p.years[(year - FIRST_YEAR) as usize];
    let last = year == LAST_YEAR;
    let mut out = String::new();
    header(&mut out, r, p.population, &year.to_string());
    let elder = y.new_posts / 2;
    let _ = writeln!(out, "staffing:");
    let _ = writeln!(out, "  posts: {}", y.posts);
    let _ = writeln!(out, "  new_posts: {}", y.new_posts);
    let _ = writeln!(out, "  new_posts_by_field:");
    let _ = writeln!(out, "    - {{field: 养老服务, count: {elder}}}");
    let _ = writeln!(
        out,
        "    - {{field: 儿童关爱, count: {}}}",
        y.new_posts - elder
    );
    let _ = writeln!(out, "  workers: {}", y.workers);
    if last {
        let _ = writeln!(out, "  honours:");
        let _ = writeln!(
            out,
            "    - {{title: {}优秀社会工作人才, count: {}}}",
            r.name,
            3 + r.index % 9
        );
    }
    let _ = writeln!(out, "funding:");
    let _ = writeln!(out, "  total_yuan: {}", y.funding_yuan);
    let _ = writeln!(out, "  channels:");
    let mut rest = y.funding_yuan;
    for (i, (name, share)) in CHANNELS.iter().enumerate() {
        let amount = if i + 1 == CHANNELS.len() {
            rest
        } else {
            y.funding_yuan / 100 * share
        };
        rest -= amount;
        let _ = writeln!(out, "    - {{name: {name}, amount_yuan: {amount}}}");
    }
    let _ = writeln!(out, "certification:");
    let _ = writeln!(out, "  registrants: {}", y.registrants);
    let _ = writeln!(out, "  passes: {}", y.passes);
    let _ = writeln!(
        out,
        "  certified_share_percent: {}.{}",
        y.certified_share_tenths / 10,
        y.certified_share_tenths % 10
    );
    if last {
        let _ = writeln!(out, "  allowances:");
        for (title, yuan) in [
            ("助理社会工作师", 100),
            ("社会工作师", 200),
            ("高级社会工作师", 400),
        ] {
            let _ = writeln!(out, "    - {{title: {title}, monthly_yuan: {yuan}}}");
        }
    }
    let _ = writeln!(out, "training:");
    let _ = writeln!(out, "  person_times: {}", y.person_times);
    let _ = writeln!(out, "  pre_exam_months: 2");
    let _ = writeln!(out, "  central_training_days: 2");
    let _ = writeln!(out, "  training_hours_per_worker: 40");
    let _ = writeln!(out, "  supervision_hours_per_worker: 24");
    stations(&mut out, p, y);
    if last {
        let _ = writeln!(out, "highlights:");
        let _ = writeln!(
            out,
            "  - 出台《{}社会工作人才队伍建设三年行动方案》，明确岗位开发、薪酬待遇和职业发展路径",
            r.name
        );
        let _ = writeln!(out, "next_steps:");
        let _ = writeln!(out, "  - 加快{VILLAGE}建设，确保2025年底前实现全覆盖");
        let _ = writeln!(
            out,
            "  - 完善社会工作者薪酬待遇动态调整机制，稳定专业人才队伍"
        );
    }
    out
}

fn quarter_file(r: &SyntheticRegion, p: &Profile, quarter: u32) -> String {
    let y = &p.years[(LAST_YEAR - FIRST_YEAR) as usize];
    let before = &p.years[(LAST_YEAR - FIRST_YEAR - 1) as usize];
    let q = quarter as u64;
    let mut out = String::new();
    header(
        &mut out,
        r,
        p.population,
        &format!("{LAST_YEAR}-Q{quarter}"),
    );
    // New posts spread over the year; the stock reaches the year's figure in Q4.
    let new_in_quarter = y.new_posts * q / 4 - y.new_posts * (q - 1) / 4;
    let _ = writeln!(out, "staffing:");
    let _ = writeln!(out, "  posts: {}", before.posts + y.new_posts * q / 4);
    let _ = writeln!(out, "  new_posts: {new_in_quarter}");
    let _ = writeln!(out, "funding:");
    let _ = writeln!(
        out,
        "  total_yuan: {}",
        y.funding_yuan * q / 4 - y.funding_yuan * (q - 1) / 4
    );
    let _ = writeln!(out, "training:");
    let _ = writeln!(
        out,
        "  person_times: {}",
        y.person_times * q / 4 - y.person_times * (q - 1) / 4
    );
    stations(&mut out, p, y);
    out
}

/// Every metrics file of region `index`: (file name, YAML text), oldest first.
pub fn metrics_files(index: usize) -> Vec<(String, String)> {
    let r = region(index);
    let p = profile(index);
    let mut files: Vec<(String, String)> = (FIRST_YEAR..=LAST_YEAR)
        .map(|y| (format!("{y}.yaml"), year_file(&r, &p, y)))
        .collect();
    files.extend((1..=4).map(|q| (format!("{LAST_YEAR}-Q{q}.yaml"), quarter_file(&r, &p, q))));
    files
}

/// The job config for `regions` synthetic regions, with fonts from `fonts_dir`.
pub fn config_yaml(regions: usize, fonts_dir: &Path) -> String {
    let font = |file: &str| fonts_dir.join(file).display().to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Synthetic job for load tests: {regions} invented county-level regions (示例数据)."
    );
    let _ = writeln!(out, "series: 社会工作简报");
    let _ = writeln!(out, "issuer: 示例省民政厅");
    let _ = writeln!(out, "marking: 内部资料 注意保存");
    let _ = writeln!(out, "copies: 40");
    let _ = writeln!(out, "retention: 永久");
    let _ = writeln!(out, "timezone: Asia/Shanghai");
    let _ = writeln!(out, "metrics_dir: ../metrics");
    let _ = writeln!(out, "archive_dir: ../reports");
    let _ = writeln!(out, "distribution:");
    let _ = writeln!(out, "  report_to: [示例省民政厅]");
    let _ = writeln!(
        out,
        "  send_to: [县委办公室, 县人大常委会办公室, 县政府办公室, 县政协办公室]"
    );
    let _ = writeln!(
        out,
        "  issue_to: [各乡镇人民政府（街道办事处）, 局机关各股室]"
    );
    let _ = writeln!(out, "fonts:");
    let _ = writeln!(
        out,
        "  title: [\"{}\"]",
        font("NotoSerifCJKsc-Bold-GB2312.otf")
    );
    let _ = writeln!(
        out,
        "  body: [\"{}\"]",
        font("NotoSerifCJKsc-Regular-GB2312.otf")
    );
    let _ = writeln!(
        out,
        "  heading: [\"{}\"]",
        font("NotoSansCJKsc-Regular-GB2312.otf")
    );
    let _ = writeln!(out, "  kai: [\"{}\"]", font("SwbKai-Regular-GB2312.ttf"));
    let _ = writeln!(out, "regions:");
    for index in 0..regions {
        let r = region(index);
        let _ = writeln!(
            out,
            "  - {{code: \"{}\", issuer: {}民政局}}",
            r.code, r.name
        );
    }
    out
}

/// The repository's wording with a third chart (station coverage) in the section on
/// stations, so that a briefing carries three charts as the benchmark's target load
/// says; unchanged if that section is not found.
pub fn wording_yaml(repository_wording: &str) -> String {
    let anchor = "    table: coverage\n";
    if repository_wording.contains("chart: coverage") {
        return repository_wording.to_string();
    }
    repository_wording.replacen(anchor, &format!("{anchor}    chart: coverage\n"), 1)
}

/// Where a written project keeps its parts.
#[derive(Debug, Clone)]
pub struct SyntheticProject {
    pub root: PathBuf,
    pub config: PathBuf,
    pub metrics_dir: PathBuf,
    pub reports_dir: PathBuf,
    pub regions: usize,
}

/// Writes a project for `regions` regions under `root` (created if missing; an old
/// `metrics` or `reports` folder there is replaced). `repository` is the source tree
/// whose fonts and wording are used.
pub fn write_project(
    root: &Path,
    regions: usize,
    repository: &Path,
) -> io::Result<SyntheticProject> {
    if regions == 0 || regions > MAX_REGIONS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("the number of regions must be 1 to {MAX_REGIONS}, not {regions}"),
        ));
    }
    let config_dir = root.join("config");
    let metrics_dir = root.join("metrics");
    let reports_dir = root.join("reports");
    for dir in [&metrics_dir, &reports_dir] {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", dir.display()))),
        }
    }
    std::fs::create_dir_all(&config_dir)?;
    std::fs::create_dir_all(&reports_dir)?;
    let fonts_dir = std::fs::canonicalize(repository.join("fonts"))?;
    let config = config_dir.join("briefing.yaml");
    std::fs::write(&config, config_yaml(regions, &fonts_dir))?;
    let wording = std::fs::read_to_string(repository.join("config/wording.yaml"))?;
    std::fs::write(config_dir.join("wording.yaml"), wording_yaml(&wording))?;
    for index in 0..regions {
        let r = region(index);
        let dir = metrics_dir.join(format!("{}-{}", r.code, r.name));
        std::fs::create_dir_all(&dir)?;
        for (name, text) in metrics_files(index) {
            std::fs::write(dir.join(name), text)?;
        }
    }
    Ok(SyntheticProject {
        root: root.to_path_buf(),
        config,
        metrics_dir,
        reports_dir,
        regions,
    })
}
