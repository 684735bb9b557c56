//! Lines drawn clipped to the area around the view (`diagram::path::clipped_svg_path`): inside
//! the area they are drawn exactly as whole, outside it nothing is drawn, and a line that
//! leaves and comes back is drawn as separate parts.

use joinery_shared::diagram::geometry::Rect;
use joinery_shared::diagram::path::{clipped_svg_path, svg_path};

const AREA: Rect = Rect {
    x: 0.0,
    y: 0.0,
    w: 100.0,
    h: 100.0,
};

/// The points of `M`/`L` commands, per subpath.
fn subpaths(d: &str) -> Vec<Vec<(f64, f64)>> {
    let tokens: Vec<&str> = d.split_whitespace().collect();
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i] {
            "M" => {
                out.push(vec![(
                    tokens[i + 1].parse().unwrap(),
                    tokens[i + 2].parse().unwrap(),
                )]);
                i += 3;
            }
            "L" => {
                let p = (
                    tokens[i + 1].parse().unwrap(),
                    tokens[i + 2].parse().unwrap(),
                );
                out.last_mut().unwrap().push(p);
                i += 3;
            }
            "Q" => i += 5,
            other => panic!("unexpected {other:?} in {d}"),
        }
    }
    out
}

#[test]
fn a_line_inside_the_area_is_drawn_as_whole() {
    let points = [(10.0, 10.0), (50.0, 10.0), (50.0, 90.0), (90.0, 90.0)];
    assert_eq!(
        clipped_svg_path(&points, 6.0, &AREA),
        svg_path(&points, 6.0)
    );
}

#[test]
fn a_line_outside_the_area_is_not_drawn() {
    let points = [(-50.0, -10.0), (500.0, -10.0), (500.0, 300.0)];
    assert_eq!(clipped_svg_path(&points, 6.0, &AREA), "");
}

#[test]
fn a_long_line_across_the_area_is_cut_at_its_edges() {
    let points = [(-5000.0, 40.0), (5000.0, 40.0)];
    let d = clipped_svg_path(&points, 6.0, &AREA);
    assert_eq!(subpaths(&d), vec![vec![(0.0, 40.0), (100.0, 40.0)]]);
}

#[test]
fn a_line_that_leaves_and_comes_back_is_drawn_in_parts() {
    // In at the left, out at the top, back in from the top, out at the right.
    let points = [
        (-20.0, 50.0),
        (30.0, 50.0),
        (30.0, -200.0),
        (70.0, -200.0),
        (70.0, 20.0),
        (300.0, 20.0),
    ];
    let d = clipped_svg_path(&points, 0.0, &AREA);
    assert_eq!(
        subpaths(&d),
        vec![
            vec![(0.0, 50.0), (30.0, 50.0), (30.0, 0.0)],
            vec![(70.0, 0.0), (70.0, 20.0), (100.0, 20.0)],
        ]
    );
}

#[test]
fn rounded_corners_inside_the_area_stay_rounded() {
    let points = [(-500.0, 20.0), (50.0, 20.0), (50.0, 80.0), (500.0, 80.0)];
    let d = clipped_svg_path(&points, 6.0, &AREA);
    assert_eq!(d.matches('Q').count(), 2, "{d}");
    assert_eq!(d.matches('M').count(), 1, "{d}");
    assert!(d.starts_with("M 0.0 20.0"), "{d}");
    assert!(d.ends_with("L 100.0 80.0"), "{d}");
}

#[test]
fn one_decimal_numbers_print_as_the_standard_formatter_prints_them() {
    use joinery_shared::diagram::path::Dp1;
    for v in [
        0.0, 1.0, -1.0, 12.34, -12.34, 0.96, -0.96, 99.99, 1234567.8, -0.5, 1e20, -7.05, 3.3333,
    ] {
        let ours = Dp1(v).to_string();
        let std = format!("{v:.1}");
        // Equal, or (at a tie) one tenth apart.
        let (a, b): (f64, f64) = (ours.parse().unwrap(), std.parse().unwrap());
        assert!((a - b).abs() <= 0.1 + 1e-9, "{v}: {ours} vs {std}");
        assert_eq!(ours.matches('.').count(), 1, "{ours}");
    }
    assert_eq!(Dp1(12.34).to_string(), "12.3");
    assert_eq!(Dp1(-12.36).to_string(), "-12.4");
    assert_eq!(Dp1(0.96).to_string(), "1.0");
    assert_eq!(Dp1(f64::NAN).to_string(), "NaN");
}
