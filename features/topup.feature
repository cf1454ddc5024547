@product:topup
Feature: Prepaid top-up and payment, from arrears to paid up
  A prepaid customer whose balance has run out tops up several times on one channel (online
  in the API and the halls, cash at the counter, a recharge card by SMS and on the hotline),
  and the walk checks the top-up standards of DOMAIN.md [000]: each top-up credited within
  5 s, at least 98 % of top-ups succeeding, no arrears notice after paying; the
  payment-received SMS [003]; the number working again; and the balance to the fen. There is
  no cancel stage: a top-up is not taken back, and a refund of unused balance is not walked.

  Scenario Outline: Paying off arrears on the <channel> channel
    Given a new prepaid customer whose balance has run out, who uses the <channel> channel
    And the arrears notice came and the grace period passed unpaid

    # order
    When the customer tops up as many times as the carrier sets for the channel
    Then the top-ups succeed at the standard rate [TOP-SUCCESS]
    And each top-up took at most the standard time at the counter [ORD-COUNTER-5MIN]

    # activate
    Then each top-up reaches the balance in time [TOP-CREDIT-5S]
    And a payment-received SMS follows each top-up in time [TOP-NOTICE]

    # use
    When the customer calls and goes online again
    Then calls and data work again [USE-WORKS]

    # bill
    Then the balance is the opening balance plus the top-ups less the charges [TOP-BALANCE]
    When the customer goes about the next days
    Then no arrears notice comes once the balance is paid up [TOP-NO-ARREARS]

    @channel:api
    Examples: API
      | channel |
      | api     |

    @channel:web
    Examples: web hall
      | channel |
      | web     |

    @channel:mobile
    Examples: mobile hall
      | channel |
      | mobile  |

    @channel:counter
    Examples: store counter
      | channel |
      | counter |

    @channel:hotline
    Examples: hotline voice menu
      | channel |
      | hotline |

    @channel:sms
    Examples: SMS hall
      | channel |
      | sms     |

  @cross-channel
  Scenario: One customer's balance looks the same on every channel
    Given a new prepaid customer whose balance has run out, who asks on every channel top-up is sold on
    When the customer pays off the arrears on the first channel
    And the customer tops up once on each other channel in turn, then once more on the first
    Then after each top-up every channel shows the same balance [TOP-SAME-BALANCE]
