@product:enterprise
Feature: Enterprise leased line, from the order for a site to termination
  An enterprise customer orders a leased line for its site, at the enterprise desk or over the
  API, and the walk checks DOMAIN.md's enterprise care [002]: a revisit call (回访) to the
  contact after the circuit is provisioned and after every repair, planned network work
  (割接) notified before it starts, the monthly fee, a fault repaired in time, and the
  termination stopping the charges. The contact's phone (the customer's number) takes the
  SMS and the calls.

  Scenario Outline: A leased line on the <channel> channel
    Given a new enterprise customer served on the <channel> channel

    # order
    When the customer looks up the leased-line offering in the catalogue
    Then the catalogue shows the published price and terms [ORD-PRICE-SHOWN]
    When the customer orders it for their address
    Then the order is accepted with an order number [ORD-ACK]
    And the order took at most the standard time at the counter [ORD-COUNTER-5MIN]
    And an order confirmation SMS arrives in time [ORD-SMS-5MIN]

    # activate
    When the circuit is provisioned
    Then the contact gets a revisit call in time after provisioning [ENT-REVISIT]

    # use
    When the customer goes online on the line
    Then the line connects [USE-WORKS]
    When network operations plan work that interrupts the line
    Then the contact is told by SMS before the work starts [ENT-OUTAGE-NOTICE]

    # bill
    When the month ends
    Then the bill is the monthly fee from the day the line started [BILL-ACCURATE]

    # change
    When the customer reports a fault on the line
    Then the fault is repaired in time and the customer told [ENT-REPAIR]
    And the contact gets a revisit call in time after the repair [ENT-REVISIT]

    # cancel
    When the customer has the line disconnected
    Then the unsubscribe is confirmed by SMS in time [CAN-CONFIRM]
    And the unsubscribe took at most the standard time at the counter [CAN-COUNTER-5MIN]
    And the unsubscribe takes effect in time [CAN-EFFECT-24H]
    And no charges are made after the unsubscribe [CAN-CHARGES-STOP]

    @channel:api
    Examples: API
      | channel |
      | api     |

    @channel:counter
    Examples: enterprise desk at the counter
      | channel |
      | counter |

  @cross-channel
  Scenario: One enterprise customer asks every channel the leased line is sold on for its price
    Given a new customer who asks every channel the line is sold on
    When the customer looks up the line's offering on each channel
    Then each channel states the same price and terms as the others [PRICE-CONSISTENT]
