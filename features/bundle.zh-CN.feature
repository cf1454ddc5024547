# language: zh-CN
@product:bundle @lang:zh-CN
功能: 融合套餐(手机、宽带、电视)全程穿越
  新的家庭客户在一个渠道订购融合套餐:一张订单开通手机、宽带、电视三个成员,一张账单列出各成员月费和融合优惠(首月按日折算)。
  月中客户退订电视:其余成员保留,次月起按剩余成员优惠。最后退订融合套餐,不再收费。规则为运营商公布的资费(配置文件的 tariff.bundles)。

  场景大纲: 在<channel>渠道穿越融合套餐
    假如 一位使用<channel>渠道的新客户

    # 订购
    当 客户在目录中查找融合套餐
    那么 目录展示的资费和条款与公布的一致 [ORD-PRICE-SHOWN]
    当 客户订购融合套餐
    那么 订购被受理并给出订单号 [ORD-ACK]
    而且 营业厅订购受理在标准时长内完成 [ORD-COUNTER-5MIN]
    而且 订购确认短信按时送达 [ORD-SMS-5MIN]

    # 开通
    当 客户等待开通
    那么 融合套餐按时开通 [ACT-ACTIVE-24H]

    # 计费
    当 月末出账
    那么 一张账单含各成员月费和融合优惠 [BUN-DISCOUNT]

    # 变更
    当 客户在月中退订一个成员
    那么 其余成员保留,次月起按剩余成员优惠 [BUN-MEMBER-REMOVED]

    # 退订
    当 客户退订融合套餐
    那么 退订确认短信按时送达 [CAN-CONFIRM]
    而且 营业厅退订受理在标准时长内完成 [CAN-COUNTER-5MIN]
    而且 退订按时生效 [CAN-EFFECT-24H]
    而且 融合套餐退订后不再收费 [CAN-CHARGES-STOP]

    @channel:api
    例子: API
      | channel |
      | api     |

    @channel:web
    例子: 网上营业厅
      | channel |
      | web     |

    @channel:counter
    例子: 营业厅柜台
      | channel |
      | counter |

  @cross-channel
  场景: 同一客户在每个渠道询问融合套餐资费
    假如 一位在销售融合套餐的每个渠道询问的新客户
    当 客户在每个渠道查找融合套餐
    那么 每个渠道告知的资费和条款与其他渠道一致 [PRICE-CONSISTENT]
