@product:bundle
Feature: Converged bundle (mobile, broadband and TV), from one order to cancel
  A new family customer orders the bundle on one channel: one order makes the mobile,
  broadband and TV members, one bill carries every member's fee and the bundle discount (the
  first month prorated by day). Mid-month the customer removes the TV: the other members stay,
  and the discount for what remains applies from the next month. Then the bundle is cancelled
  and charges stop. The rule is the carrier's published one (tariff.bundles in its file).

  Scenario Outline: Converged bundle walk on the <channel> channel
    Given a new customer who uses the <channel> channel

    # order
    When the customer looks up the converged bundle in the catalogue
    Then the catalogue shows the published price and terms [ORD-PRICE-SHOWN]
    When the customer orders the bundle
    Then the order is accepted with an order number [ORD-ACK]
    And the order took at most the standard time at the counter [ORD-COUNTER-5MIN]
    And an order confirmation SMS arrives in time [ORD-SMS-5MIN]

    # activate
    When the customer waits for activation
    Then the bundle is active in time [ACT-ACTIVE-24H]

    # bill
    When the month ends
    Then one bill carries every member's fee and the bundle discount [BUN-DISCOUNT]

    # change
    When the customer removes one member mid-month
    Then the other members stay and the rule for what remains applies from the next month [BUN-MEMBER-REMOVED]

    # cancel
    When the customer cancels the bundle
    Then the unsubscribe is confirmed by SMS in time [CAN-CONFIRM]
    And the unsubscribe took at most the standard time at the counter [CAN-COUNTER-5MIN]
    And the unsubscribe takes effect in time [CAN-EFFECT-24H]
    And nothing is charged after the bundle ends [CAN-CHARGES-STOP]

    @channel:api
    Examples: API
      | channel |
      | api     |

    @channel:web
    Examples: web hall
      | channel |
      | web     |

    @channel:counter
    Examples: store counter
      | channel |
      | counter |

  @cross-channel
  Scenario: One customer asks every channel for the bundle's price
    Given a new customer who asks on every channel the bundle is sold on
    When the customer looks up the converged bundle on each channel
    Then each channel states the same price and terms as the others [PRICE-CONSISTENT]
