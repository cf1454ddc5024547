"""演示电信: the embedded demo operator the walkthrough harness walks by default.

It is a carrier in miniature (catalogue, orders, provisioning, usage, rating, monthly bills, SMS
to the customer's phone, a web hall, a TM Forum API), with one test clock per customer and
switchable faults. The contract with the harness is README.md next to this file.
"""

__all__: list[str] = []
