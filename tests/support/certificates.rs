//! Certificates and keys made with rcgen, as PEM text: a CA and leaves it signs, for
//! private servers with TLS on and for client certificates. Shared by the test crates
//! and the workloads bench through `#[path = ".../support/certificates.rs"]`.

// Each user of this file uses a part of it.
#![allow(dead_code)]

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

/// A self-signed CA named `name`: its certificate (PEM) and what signs with it.
pub fn make_ca(name: &str) -> (String, Issuer<'static, KeyPair>) {
    let key = KeyPair::generate().expect("a CA key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages =
        vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let cert = params.self_signed(&key).expect("a self-signed CA");
    (cert.pem(), Issuer::new(params, key))
}

/// A certificate for `names` (host names or IP addresses) and its key, as PEM, signed
/// by `issuer`; `adjust` changes the parameters before signing (validity dates).
pub fn leaf(
    names: Vec<String>,
    common_name: Option<&str>,
    usage: ExtendedKeyUsagePurpose,
    issuer: &Issuer<'_, KeyPair>,
    adjust: impl FnOnce(&mut CertificateParams),
) -> (String, String) {
    let key = KeyPair::generate().expect("a key");
    let mut params = CertificateParams::new(names).expect("parameters");
    if let Some(cn) = common_name {
        params.distinguished_name.push(DnType::CommonName, cn);
    }
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![usage];
    adjust(&mut params);
    let cert = params.signed_by(&key, issuer).expect("a signed certificate");
    (cert.pem(), key.serialize_pem())
}

/// A server certificate for `localhost` and `127.0.0.1` and its key, signed by `issuer`.
pub fn server_leaf(issuer: &Issuer<'_, KeyPair>) -> (String, String) {
    let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    leaf(names, None, ExtendedKeyUsagePurpose::ServerAuth, issuer, |_| {})
}
