//! Rebuild results.json (and print the ratio table) from criterion's last estimates:
//! `cargo run --release --bin report`.
fn main() {
    let table = orm_peers_bench::report::write();
    println!("{table}");
}
