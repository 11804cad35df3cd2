"""The health check the load balancer and the benchmarks call."""


def test_the_health_check_answers_ok_without_signing_in_or_touching_the_database(client):
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok")
    assert response.headers["Cache-Control"] == "no-store"
