"""SigV4 signing against AWS's published example (GET Object, S3 documentation)."""

from __future__ import annotations

from datetime import UTC, datetime

from api.kit.sigv4 import sign_request


def test_signature_matches_the_aws_s3_get_object_example() -> None:
    # https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
    headers = sign_request(
        method="GET",
        url="https://examplebucket.s3.amazonaws.com/test.txt",
        headers={"range": "bytes=0-9"},
        body=b"",
        region="us-east-1",
        service="s3",
        access_key="AKIAIOSFODNN7EXAMPLE",
        secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        now=datetime(2013, 5, 24, tzinfo=UTC),
    )
    assert headers["authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )
